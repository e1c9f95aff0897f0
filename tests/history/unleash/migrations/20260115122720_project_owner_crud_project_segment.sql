-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20260115122720-project-owner-crud-project-segment.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20260115122651_project_owner_crud_project_context
-- retort:up
        SELECT assign_unleash_permission_to_role('UPDATE_PROJECT_SEGMENT', 'Owner');
-- retort:down
        DELETE FROM role_permission
        WHERE permission = 'UPDATE_PROJECT_SEGMENT'
        AND role_id = (SELECT id from roles WHERE name = 'Owner' AND type = 'project' LIMIT 1);
