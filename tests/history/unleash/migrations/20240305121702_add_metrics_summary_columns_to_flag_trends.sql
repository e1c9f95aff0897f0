-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240305121702-add-metrics-summary-columns-to-flag-trends.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240305121426_add_created_at_environment_type_trends
-- retort:up
        ALTER TABLE IF EXISTS flag_trends
           ADD COLUMN total_yes integer,
           ADD COLUMN  total_no integer,
           ADD COLUMN  total_apps integer,
           ADD COLUMN  total_environments integer;
-- retort:down
ALTER TABLE IF EXISTS flag_trends
        DROP COLUMN IF EXISTS total_no,
        DROP COLUMN IF EXISTS total_apps,
        DROP COLUMN IF EXISTS total_environments,
        DROP COLUMN IF EXISTS total_yes;
