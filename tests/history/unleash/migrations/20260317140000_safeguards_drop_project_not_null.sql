-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20260317140000-safeguards-drop-project-not-null.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20260316140000_safeguards_fix_cascade_on_env_disconnect
-- retort:up
        ALTER TABLE feature_environment_safeguards
            DROP CONSTRAINT IF EXISTS feature_environment_safeguards_project_fkey;

        ALTER TABLE feature_environment_safeguards
            ALTER COLUMN project DROP NOT NULL;
-- retort:down
        ALTER TABLE feature_environment_safeguards
            ALTER COLUMN project SET NOT NULL;

        ALTER TABLE feature_environment_safeguards
            ADD CONSTRAINT feature_environment_safeguards_project_fkey
            FOREIGN KEY (project) REFERENCES projects(id) ON DELETE CASCADE;
