-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240425132155-flag-trends-bigint.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240418140646_add_ip_column_to_events_table
-- retort:up
        ALTER TABLE flag_trends ALTER COLUMN total_yes TYPE bigint;
        ALTER TABLE flag_trends ALTER COLUMN total_no TYPE bigint;
-- retort:down
