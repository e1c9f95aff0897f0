-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230306103400-remove-direct-link-from-segment-permissions-to-admin.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230306103400_add_project_column_to_segments
-- retort:up
        DELETE FROM role_permission 
        WHERE permission_id IN (
                    SELECT id FROM permissions WHERE permission IN (
                        'DELETE_SEGMENT',
                        'UPDATE_SEGMENT',
                        'CREATE_SEGMENT'
                    )) 
        AND role_id IN (SELECT id FROM roles r WHERE r.name = 'Admin');
-- retort:down
        insert into role_permission (role_id, permission_id)
            select
                r.id as role_id,
                p.id as permission_id
            from roles r
            cross join permissions p
            where r.name = 'Admin'
            and p.permission in  (
                'CREATE_SEGMENT',
                'UPDATE_SEGMENT',
                'DELETE_SEGMENT'
            );
