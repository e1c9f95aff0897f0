-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210928080601-add-development-and-production-environments.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210928065411_remove_displayname_from_environments
-- retort:up
            INSERT INTO environments(name, type, enabled, sort_order)
            VALUES ('development', 'development', true, 100),
                   ('production', 'production', true, 200);
-- retort:down
        DELETE
        FROM environments
        WHERE name IN ('development', 'production');
