-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20260312100000-release-plans-fix-cascade-on-env-disconnect.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20260311073041_migrate_safeguards_data
-- retort:up
        ALTER TABLE release_plan_definitions
            DROP CONSTRAINT IF EXISTS feature_environments_fkey;

        ALTER TABLE release_plan_definitions
            ADD CONSTRAINT release_plan_definitions_feature_name_fkey
            FOREIGN KEY (feature_name) REFERENCES features(name) ON DELETE CASCADE;

        ALTER TABLE release_plan_definitions
            ADD CONSTRAINT release_plan_definitions_environment_fkey
            FOREIGN KEY (environment) REFERENCES environments(name) ON DELETE CASCADE;
-- retort:down
        ALTER TABLE release_plan_definitions
            DROP CONSTRAINT IF EXISTS release_plan_definitions_environment_fkey;

        ALTER TABLE release_plan_definitions
            DROP CONSTRAINT IF EXISTS release_plan_definitions_feature_name_fkey;

        ALTER TABLE release_plan_definitions
            ADD CONSTRAINT feature_environments_fkey
            FOREIGN KEY (environment, feature_name)
            REFERENCES feature_environments(environment, feature_name)
            ON DELETE CASCADE;
