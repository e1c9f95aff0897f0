-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240208130439-events-revision-id-index.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240208123212_create_stat_traffic_usage_table
-- retort:up
            CREATE INDEX IF NOT EXISTS idx_events_feature_type_id ON events (id)
                WHERE feature_name IS NOT NULL
                    OR type IN ('segment-updated', 'feature_import', 'features-imported');
-- retort:down
        DROP INDEX IF EXISTS idx_events_feature_type_id;
