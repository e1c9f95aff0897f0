-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20260112111353-add-project-context-permission.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20260106164443_users_seat_type
-- retort:up
INSERT INTO permissions (permission, display_name, type) VALUES
        ('UPDATE_PROJECT_CONTEXT', 'Create/edit project context', 'project');
-- retort:down
DELETE FROM permissions WHERE permission = 'UPDATE_PROJECT_CONTEXT';
