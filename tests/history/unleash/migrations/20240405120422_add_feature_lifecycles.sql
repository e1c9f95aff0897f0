-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240405120422-add-feature-lifecycles.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240329064629_revert_feature_archived
-- retort:up
        CREATE TABLE IF NOT EXISTS feature_lifecycles (
            feature VARCHAR(255) NOT NULL REFERENCES features(name) ON DELETE CASCADE,
            stage VARCHAR(255) NULL,
            created_at TIMESTAMP WITH TIME ZONE default now(),
            PRIMARY KEY (feature, stage)
        );
-- retort:down
DROP TABLE IF EXISTS feature_lifecycles;
