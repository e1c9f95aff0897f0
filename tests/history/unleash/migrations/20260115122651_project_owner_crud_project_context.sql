-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20260115122651-project-owner-crud-project-context.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20260112111353_add_project_context_permission
-- retort:up
        SELECT assign_unleash_permission_to_role('UPDATE_PROJECT_CONTEXT', 'Owner');
-- retort:down
        DELETE FROM role_permission
        WHERE permission = 'UPDATE_PROJECT_CONTEXT'
        AND role_id = (SELECT id from roles WHERE name = 'Owner' AND type = 'project' LIMIT 1);
