-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230130113337-revert-user-pat-permissions.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230127111638_new_project_stats_field
-- retort:up
        DELETE FROM permissions WHERE permission = 'READ_USER_PAT';
        DELETE FROM permissions WHERE permission = 'CREATE_USER_PAT';
        DELETE FROM permissions WHERE permission = 'DELETE_USER_PAT';
-- retort:down
        INSERT INTO permissions (permission, display_name, type) VALUES ('READ_USER_PAT', 'Read PATs for a specific user', 'root');
        INSERT INTO permissions (permission, display_name, type) VALUES ('CREATE_USER_PAT', 'Create a PAT for a specific user', 'root');
        INSERT INTO permissions (permission, display_name, type) VALUES ('DELETE_USER_PAT', 'Delete a PAT for a specific user', 'root');
