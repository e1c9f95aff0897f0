-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231213111906-add-reason-to-change-request-schedule.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231212094044_event_created_by_user_id
-- retort:up
ALTER TABLE change_request_schedule ADD COLUMN failure_reason text;
-- retort:down
ALTER TABLE change_request_schedule DROP COLUMN failure_reason;
