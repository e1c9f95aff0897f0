-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240116104456-drop-unused-column-permissionid.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240111125100_automated_actions
-- retort:up
        ALTER TABLE role_permission
        DROP COLUMN permission_id;
-- retort:down
        ALTER TABLE role_permission
        ADD COLUMN permission_id INTEGER;
