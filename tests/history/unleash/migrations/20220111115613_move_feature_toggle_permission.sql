-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220111115613-move-feature-toggle-permission.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220111112804_update_permission_descriptions
-- retort:up
        INSERT INTO permissions (permission, display_name, type) VALUES ('MOVE_FEATURE_TOGGLE', 'Change feature toggle project', 'project');
        INSERT INTO role_permission (role_id, permission_id, environment)
        SELECT
            (SELECT id as role_id from roles WHERE name = 'Editor' LIMIT 1),
            p.id as permission_id,
            '*' as environment
        FROM permissions p
        WHERE p.permission IN
            ('MOVE_FEATURE_TOGGLE');


        INSERT INTO role_permission (role_id, permission_id, environment)
        SELECT
            (SELECT id as role_id from roles WHERE name = 'Owner' LIMIT 1),
            p.id as permission_id,
            '*' as environment
        FROM permissions p
        WHERE p.permission IN
            ('MOVE_FEATURE_TOGGLE');
-- retort:down
        DELETE FROM permissions WHERE permission = 'MOVE_FEATURE_TOGGLE';
