-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250506074807-feature-link-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250425091940_client_instance_sdk_type
-- retort:up
        CREATE TABLE IF NOT EXISTS feature_link(
            id TEXT NOT NULL PRIMARY KEY,
            feature_name VARCHAR(255) NOT NULL,
            url TEXT NOT NULL,
            title TEXT,
            FOREIGN KEY (feature_name) REFERENCES features(name) ON DELETE CASCADE
            );
-- retort:down
        DROP TABLE IF EXISTS feature_link;
