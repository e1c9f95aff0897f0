-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20221108114358-add-change-request-permissions.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20221107132528_change_request_project_options
-- retort:up
        INSERT INTO permissions (permission, display_name, type) VALUES ('APPROVE_CHANGE_REQUEST', 'Approve a change request', 'environment');
        INSERT INTO permissions (permission, display_name, type) VALUES ('APPLY_CHANGE_REQUEST', 'Apply a change request', 'environment');
-- retort:down
        DELETE FROM permissions WHERE permission = 'APPROVE_CHANGE_REQUEST';
        DELETE FROM permissions WHERE permission = 'APPLY_CHANGE_REQUEST';
