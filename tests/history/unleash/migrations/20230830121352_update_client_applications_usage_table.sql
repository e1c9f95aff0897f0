-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230830121352-update-client-applications-usage-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230818124614_update_client_applications_usage_table
-- retort:up
        ALTER TABLE project_settings
            ADD COLUMN IF NOT EXISTS "feature_naming_pattern" text;
        ALTER TABLE project_settings
            ADD COLUMN IF NOT EXISTS "feature_naming_example" text;
-- retort:down
        ALTER TABLE project_settings DROP COLUMN IF EXISTS "feature_naming_pattern";
        ALTER TABLE project_settings DROP COLUMN IF EXISTS "feature_naming_example";
