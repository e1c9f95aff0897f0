-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230711163311-project-feature-limit.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230711094214_add_potentially_stale_flag
-- retort:up
        ALTER TABLE project_settings
            ADD COLUMN IF NOT EXISTS "feature_limit" integer;
-- retort:down
        ALTER TABLE project_settings DROP COLUMN IF EXISTS "feature_limit";
