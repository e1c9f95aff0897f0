-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240109095348-add-reason-column-to-schedule.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240109093021_incoming_webhooks_description
-- retort:up
ALTER TABLE change_request_schedule ADD COLUMN reason TEXT;
         UPDATE change_request_schedule SET reason = failure_reason;
-- retort:down
ALTER TABLE change_request_schedule DROP COLUMN reason;
