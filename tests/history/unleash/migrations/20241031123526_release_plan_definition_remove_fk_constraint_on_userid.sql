-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20241031123526-release-plan-definition-remove-fk-constraint-on-userid.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20241031102325_user_unsubscription
-- retort:up
        ALTER TABLE release_plan_definitions DROP CONSTRAINT release_plan_definitions_created_by_user_id_fkey;
        CREATE INDEX idx_release_plan_definitions_created_by_user_id ON release_plan_definitions (created_by_user_id);
-- retort:down
        ALTER TABLE release_plan_definitions ADD CONSTRAINT release_plan_definitions_created_by_user_id_fkey FOREIGN KEY (created_by_user_id) REFERENCES users(id);
        DROP INDEX idx_release_plan_definitions_created_by_user_id;
