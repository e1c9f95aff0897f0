-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20200329191251-settings-secret.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20200227202711_settings
-- retort:up
    INSERT INTO settings(name, content) 
    VALUES('unleash.secret', '"ce455bfda5553f47ab14f4450b5aaefff1109acf"');
-- retort:down
DELETE FROM settings WHERE name = 'unleash.secret';
