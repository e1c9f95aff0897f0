-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230815065908-change-request-approve-reject-permission.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230814115436_change_request_timzone_timestamps
-- retort:up
          UPDATE permissions SET display_name = 'Approve/Reject change requests' WHERE permission = 'APPROVE_CHANGE_REQUEST';
-- retort:down
           UPDATE permissions SET display_name = 'Approve change requests' WHERE permission = 'APPROVE_CHANGE_REQUEST';
