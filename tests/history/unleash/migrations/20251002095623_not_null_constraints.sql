-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20251002095623-not-null-constraints.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250923130348_add_users_updated_at
-- retort:up
        UPDATE feature_strategies 
        SET constraints = '[]'::jsonb 
        WHERE constraints IS NULL;
        
        ALTER TABLE feature_strategies 
        ALTER COLUMN constraints SET DEFAULT '[]'::jsonb,
        ALTER COLUMN constraints SET NOT NULL;
-- retort:down
        ALTER TABLE feature_strategies 
        ALTER COLUMN constraints DROP DEFAULT,
        ALTER COLUMN constraints DROP NOT NULL;
