-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210928065411-remove-displayname-from-environments.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210922120521_add_tag_type_permission
-- retort:up
ALTER TABLE environments
        DROP COLUMN display_name;
-- retort:down
ALTER TABLE environments
        ADD COLUMN display_name TEXT;
