-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250312162155-connection-count-consumption-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250307124449_connection_count_consumption_table
-- retort:up
        CREATE TABLE IF NOT EXISTS request_count_consumption(
            day DATE NOT NULL,
            metered_group TEXT NOT NULL,
            requests BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY(day, metered_group)
            );
-- retort:down
        DROP TABLE IF EXISTS request_count_consumption;
