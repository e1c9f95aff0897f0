-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20260318100000-safeguards-drop-project-column.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20260317140000_safeguards_drop_project_not_null
-- retort:up
        ALTER TABLE feature_environment_safeguards
            DROP COLUMN IF EXISTS project;
-- retort:down
        ALTER TABLE feature_environment_safeguards
            ADD COLUMN project TEXT;
