-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231024121307-add-change-request-schedule.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231019110154_rename_message_banners_table_to_banners
-- retort:up
            CREATE TABLE IF NOT EXISTS change_request_schedule (
             change_request INTEGER PRIMARY KEY REFERENCES change_requests(id) ON DELETE CASCADE,
             scheduled_at TIMESTAMP NOT NULL
            );
-- retort:down
            DROP TABLE IF EXISTS change_request_schedule;
