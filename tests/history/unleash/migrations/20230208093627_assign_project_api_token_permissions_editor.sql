-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230208093627-assign-project-api-token-permissions-editor.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230208084046_project_api_token_permissions
-- retort:up
            INSERT INTO role_permission (role_id, permission_id)
            SELECT (SELECT id as role_id from roles WHERE name = 'Editor' LIMIT 1),
                   p.id   as permission_id
            FROM permissions p
            WHERE p.permission IN
                  ('READ_PROJECT_API_TOKEN',
                   'CREATE_PROJECT_API_TOKEN',
                   'DELETE_PROJECT_API_TOKEN');
-- retort:down
        DELETE FROM role_permission
       WHERE permission_id IN (SELECT id from permissions WHERE permission IN ('READ_PROJECT_API_TOKEN'))
       AND role_id = (SELECT id as role_id from roles WHERE name = 'Editor' LIMIT 1);
