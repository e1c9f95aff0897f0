-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230619110243-assign-apitoken-permissions-to-rootroles.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230619105029_new_fine_grained_api_token_permissions
-- retort:up
    CREATE OR REPLACE FUNCTION assign_unleash_permission_to_role(permission_name text, role_name text) returns void as
    $$
    declare role_id int;
            permission_id int;
BEGIN
    role_id := (SELECT id FROM roles WHERE name = role_name);
    permission_id := (SELECT p.id FROM permissions p WHERE p.permission = permission_name);
    INSERT INTO role_permission(role_id, permission_id) VALUES (role_id, permission_id);
END
$$ language plpgsql;

    SELECT assign_unleash_permission_to_role('READ_CLIENT_API_TOKEN', 'Editor');
    SELECT assign_unleash_permission_to_role('READ_FRONTEND_API_TOKEN', 'Editor');
-- retort:down
DROP FUNCTION IF EXISTS assign_unleash_permission_to_role(text, text);
