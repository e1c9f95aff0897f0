-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240118093611-missing-primary-keys.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240117093601_add_more_granular_project_permissions
-- retort:up
        ALTER TABLE project_stats ADD PRIMARY KEY (project);
        ALTER TABLE api_token_project ADD PRIMARY KEY (secret, project);
        ALTER TABLE role_permission ADD COLUMN id SERIAL PRIMARY KEY;
-- retort:down
        ALTER TABLE project_stats DROP CONSTRAINT project_stats_pkey;
        ALTER TABLE api_token_project DROP CONSTRAINT api_token_project_pkey;
        ALTER TABLE role_permission DROP CONSTRAINT role_permission_pkey;
        ALTER TABLE role_permission DROP COLUMN id;
