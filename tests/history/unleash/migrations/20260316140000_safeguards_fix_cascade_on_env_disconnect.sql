-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20260316140000-safeguards-fix-cascade-on-env-disconnect.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20260316113111_update_memory_usage_to_big_int
-- retort:up
        ALTER TABLE feature_environment_safeguards
            DROP CONSTRAINT IF EXISTS feature_environment_safeguards_environment_feature_name_fkey;

        ALTER TABLE feature_environment_safeguards
            ADD CONSTRAINT feature_environment_safeguards_feature_name_fkey
            FOREIGN KEY (feature_name) REFERENCES features(name) ON DELETE CASCADE;

        ALTER TABLE feature_environment_safeguards
            ADD CONSTRAINT feature_environment_safeguards_environment_fkey
            FOREIGN KEY (environment) REFERENCES environments(name) ON DELETE CASCADE;

        ALTER TABLE release_plan_safeguards
            DROP CONSTRAINT IF EXISTS release_plan_safeguards_environment_feature_name_fkey;

        ALTER TABLE release_plan_safeguards
            ADD CONSTRAINT release_plan_safeguards_feature_name_fkey
            FOREIGN KEY (feature_name) REFERENCES features(name) ON DELETE CASCADE;

        ALTER TABLE release_plan_safeguards
            ADD CONSTRAINT release_plan_safeguards_environment_fkey
            FOREIGN KEY (environment) REFERENCES environments(name) ON DELETE CASCADE;
-- retort:down
        ALTER TABLE feature_environment_safeguards
            DROP CONSTRAINT feature_environment_safeguards_environment_fkey;

        ALTER TABLE feature_environment_safeguards
            DROP CONSTRAINT feature_environment_safeguards_feature_name_fkey;

        ALTER TABLE feature_environment_safeguards
            ADD CONSTRAINT feature_environment_safeguards_environment_feature_name_fkey
            FOREIGN KEY (environment, feature_name)
            REFERENCES feature_environments(environment, feature_name)
            ON DELETE CASCADE;

        ALTER TABLE release_plan_safeguards
            DROP CONSTRAINT release_plan_safeguards_environment_fkey;

        ALTER TABLE release_plan_safeguards
            DROP CONSTRAINT release_plan_safeguards_feature_name_fkey;

        ALTER TABLE release_plan_safeguards
            ADD CONSTRAINT release_plan_safeguards_environment_feature_name_fkey
            FOREIGN KEY (environment, feature_name)
            REFERENCES feature_environments(environment, feature_name)
            ON DELETE CASCADE;
