-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20221128165141-change-request-min-approvals.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20221125185244_change_request_unique_approvals
-- retort:up
      ALTER TABLE change_requests ADD COLUMN min_approvals INTEGER DEFAULT 1;
-- retort:down
      ALTER TABLE change_requests DROP COLUMN min_approvals;
