-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230208084046-project-api-token-permissions.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230130113337_revert_user_pat_permissions
-- retort:up
        INSERT INTO permissions (permission, display_name, type) VALUES ('READ_PROJECT_API_TOKEN', 'Read api tokens for a specific project', 'project');
        INSERT INTO permissions (permission, display_name, type) VALUES ('CREATE_PROJECT_API_TOKEN', 'Create api tokens for a specific project', 'project');
        INSERT INTO permissions (permission, display_name, type) VALUES ('DELETE_PROJECT_API_TOKEN', 'Delete api tokens for a specific project', 'project');
-- retort:down
        DELETE FROM permissions WHERE permission = 'READ_PROJECT_API_TOKEN';
        DELETE FROM permissions WHERE permission = 'CREATE_PROJECT_API_TOKEN';
        DELETE FROM permissions WHERE permission = 'DELETE_PROJECT_API_TOKEN';
