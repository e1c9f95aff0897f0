-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230424090942-project-default-strategy-settings.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230420211308_update_context_fields_add_sessionid
-- retort:up
            ALTER TABLE project_environments
                ADD COLUMN IF NOT EXISTS default_strategy jsonb;
-- retort:down
            ALTER TABLE project_environments
                DROP COLUMN IF EXISTS default_strategy;
