-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20221205122253-skip-change-request.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20221128165141_change_request_min_approvals
-- retort:up
        INSERT INTO permissions (permission, display_name, type) VALUES ('SKIP_CHANGE_REQUEST', 'Skip change request process', 'environment');
-- retort:down
        DELETE FROM permissions WHERE permission = 'SKIP_CHANGE_REQUEST';
