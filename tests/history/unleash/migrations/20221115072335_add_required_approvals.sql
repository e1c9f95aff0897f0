-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20221115072335-add-required-approvals.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20221114150559_change_request_comments
-- retort:up
            ALTER TABLE change_request_settings ADD COLUMN required_approvals integer default 1;

            ALTER TABLE change_request_settings
                ADD CONSTRAINT change_request_settings_project_environment_key
                    UNIQUE (project, environment);
-- retort:down
            ALTER TABLE change_request_settings DROP COLUMN IF EXISTS required_approvals;
            ALTER TABLE change_request_settings
                DROP CONSTRAINT IF EXISTS change_request_settings_project_environment_key;
