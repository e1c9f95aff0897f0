-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230905122605-add-feature-naming-description.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230830121352_update_client_applications_usage_table
-- retort:up
        ALTER TABLE project_settings
            ADD COLUMN IF NOT EXISTS "feature_naming_description" text;
-- retort:down
        ALTER TABLE project_settings DROP COLUMN IF EXISTS "feature_naming_description";
