-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20221125185244-change-request-unique-approvals.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20221124123914_add_favorites
-- retort:up
      ALTER TABLE change_request_approvals ADD CONSTRAINT unique_approvals UNIQUE (change_request_id, created_by);
-- retort:down
      ALTER TABLE change_request_approvals DROP CONSTRAINT unique_approvals;
