-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230711094214-add-potentially-stale-flag.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230706123907_events_announced_column
-- retort:up
        ALTER TABLE features ADD COLUMN IF NOT EXISTS potentially_stale boolean;
        UPDATE features
            SET potentially_stale = TRUE
            FROM feature_types
            WHERE feature_types.id = features.type
            AND CURRENT_TIMESTAMP > (features.created_at + (feature_types.lifetime_days * INTERVAL '1 day'))
            AND features.stale IS NOT TRUE;
-- retort:down
        ALTER table features DROP COLUMN IF EXISTS potentially_stale;
