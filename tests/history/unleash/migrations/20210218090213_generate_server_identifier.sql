-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210218090213-generate-server-identifier.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210217195834_rbac_tables
-- retort:up
    INSERT INTO settings(name, content) VALUES ('instanceInfo', json_build_object('id', '805c66dd-0b1b-4006-8ed9-dfe6848e018b'));
-- retort:down
        DELETE FROM settings WHERE name = 'instanceInfo';
