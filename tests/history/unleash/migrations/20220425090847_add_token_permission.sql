-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220425090847-add-token-permission.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220411103724_add_legal_value_description
-- retort:up
        INSERT INTO permissions (permission, display_name, type) VALUES
            ('READ_API_TOKEN', 'Read API token', 'root');

        INSERT INTO role_permission (role_id, permission_id)
        SELECT
            r.id AS role_id,
            p.id AS permission_id
        FROM roles r
        JOIN permissions p ON p.permission = 'READ_API_TOKEN'
        WHERE r.name IN ('Admin', 'Editor');

        UPDATE roles SET description = 'Users with this role can only read root resources in Unleash. The viewer can be added to specific projects as project member. Viewers may not view API tokens.'
        WHERE name = 'Viewer';
-- retort:down
        DELETE FROM role_permission WHERE permission_id = (
            SELECT id FROM permissions WHERE permission = 'READ_API_TOKEN'
        );

        DELETE FROM permissions WHERE permission = 'READ_API_TOKEN';

        UPDATE roles SET description = 'Users with this role can only read root resources in Unleash. The viewer can be added to specific projects as project member.'
        WHERE name = 'Viewer';
