-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250618090103-create-cr-requested-approvals.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250612114001_backfill_email_hashes_from_event_log
-- retort:up
CREATE TABLE change_request_requested_approvers(
    change_request_id INTEGER REFERENCES change_requests(id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
    requested_at TIMESTAMP WITH TIME ZONE DEFAULT (now() at time zone 'utc'),
    PRIMARY KEY (change_request_id, user_id)
  );
  CREATE INDEX IF NOT EXISTS change_request_requested_approvers_cr_id_idx ON change_request_requested_approvers(change_request_id);
  CREATE INDEX IF NOT EXISTS change_request_requested_approvers_user_id_idx ON change_request_requested_approvers(user_id);
-- retort:down
DROP TABLE IF EXISTS change_request_requested_approvers;
