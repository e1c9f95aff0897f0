-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210922120521-add-tag-type-permission.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210922084509_add_non_null_constraint_to_environment_type
-- retort:up
        INSERT INTO role_permission(role_id, permission)
        VALUES (2, 'UPDATE_TAG_TYPE'),
               (2, 'DELETE_TAG_TYPE');
        INSERT INTO role_permission(role_id, permission, project)
        VALUES (2, 'UPDATE_TAG_TYPE', 'default'),
               (2, 'DELETE_TAG_TYPE', 'default');
-- retort:down
        DELETE
        FROM role_permission
        WHERE permission IN ('UPDATE_TAG_TYPE', 'DELETE_TAG_TYPE');
