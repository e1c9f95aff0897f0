-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250109150818-unique-connections-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250102150900_add_permission_read_logs
-- retort:up
    CREATE TABLE IF NOT EXISTS unique_connections
    (
        id VARCHAR(255) PRIMARY KEY NOT NULL,
        updated_at TIMESTAMP DEFAULT now(),
        hll BYTEA NOT NULL
    );
-- retort:down
DROP TABLE unique_connections;
