-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210909085651-add-protected-field-to-environments.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210908100701_add_enabled_to_environments
-- retort:up
    ALTER TABLE environments ADD COLUMN protected BOOLEAN DEFAULT false;
    UPDATE environments SET protected = true WHERE name = ':global:';
-- retort:down
    ALTER TABLE environments DROP COLUMN protected;
