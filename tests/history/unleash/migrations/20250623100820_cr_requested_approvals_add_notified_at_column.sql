-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250623100820-cr-requested-approvals-add-notified-at-column.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250618090103_create_cr_requested_approvals
-- retort:up
ALTER TABLE change_request_requested_approvers ADD COLUMN notified_at TIMESTAMP WITH TIME ZONE;
             CREATE INDEX IF NOT EXISTS cr_req_approvers_notified_at_idx ON change_request_requested_approvers(notified_at);
-- retort:down
DROP INDEX IF EXISTS cr_req_approvers_notified_at_idx;
ALTER TABLE change_request_requested_approvers DROP COLUMN notified_at;
