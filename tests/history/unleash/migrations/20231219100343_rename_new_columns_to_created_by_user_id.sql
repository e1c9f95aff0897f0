-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231219100343-rename-new-columns-to-created-by-user-id.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231218165612_inc_webhook_tokens_rename_secret_to_token
-- retort:up
        ALTER TABLE features RENAME COLUMN created_by TO created_by_user_id;
        ALTER TABLE feature_types RENAME COLUMN created_by TO created_by_user_id;
        ALTER TABLE feature_tag RENAME COLUMN created_by TO created_by_user_id;
        ALTER TABLE feature_strategies RENAME COLUMN created_by TO created_by_user_id;
        ALTER TABLE role_permission RENAME COLUMN created_by TO created_by_user_id;
        ALTER TABLE role_user RENAME COLUMN created_by TO created_by_user_id;
        ALTER TABLE roles RENAME COLUMN created_by TO created_by_user_id;
        ALTER TABLE users RENAME COLUMN created_by TO created_by_user_id;
        ALTER TABLE api_tokens RENAME COLUMN created_by TO created_by_user_id;
-- retort:down
        ALTER TABLE features RENAME COLUMN created_by_user_id TO created_by;
        ALTER TABLE feature_types RENAME COLUMN created_by_user_id TO created_by;
        ALTER TABLE feature_tag RENAME COLUMN created_by_user_id TO created_by;
        ALTER TABLE feature_strategies RENAME COLUMN created_by_user_id TO created_by;
        ALTER TABLE role_permission RENAME COLUMN created_by_user_id TO created_by;
        ALTER TABLE role_user RENAME COLUMN created_by_user_id TO created_by;
        ALTER TABLE roles RENAME COLUMN created_by_user_id TO created_by;
        ALTER TABLE users RENAME COLUMN created_by_user_id TO created_by;
        ALTER TABLE api_tokens RENAME COLUMN created_by_user_id TO created_by;
