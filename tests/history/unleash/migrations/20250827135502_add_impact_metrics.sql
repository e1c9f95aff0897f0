-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250827135502-add-impact-metrics.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250813142433_consumption_origin
-- retort:up
        CREATE TABLE IF NOT EXISTS impact_metrics(
            id TEXT NOT NULL PRIMARY KEY,
            feature VARCHAR(255),
            config JSONB NOT NULL,
            FOREIGN KEY (feature) REFERENCES features(name) ON DELETE CASCADE
        );
-- retort:down
        DROP TABLE IF EXISTS impact_metrics;
