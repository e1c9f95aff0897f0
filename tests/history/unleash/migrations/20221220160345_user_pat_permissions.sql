-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20221220160345-user-pat-permissions.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20221205122253_skip_change_request
-- retort:up
        INSERT INTO permissions (permission, display_name, type) VALUES ('READ_USER_PAT', 'Read PATs for a specific user', 'root');
        INSERT INTO permissions (permission, display_name, type) VALUES ('CREATE_USER_PAT', 'Create a PAT for a specific user', 'root');
        INSERT INTO permissions (permission, display_name, type) VALUES ('DELETE_USER_PAT', 'Delete a PAT for a specific user', 'root');
-- retort:down
        DELETE FROM permissions WHERE permission = 'READ_USER_PAT';
        DELETE FROM permissions WHERE permission = 'CREATE_USER_PAT';
        DELETE FROM permissions WHERE permission = 'DELETE_USER_PAT';
