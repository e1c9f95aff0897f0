-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210121115438-add-deprecated-column-to-strategies.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210119084617_add_addon_table
-- retort:up
    ALTER TABLE strategies ADD COLUMN deprecated boolean default false;
-- retort:down
ALTER TABLE strategies DROP COLUMN deprecated;
