-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230412062635-add-change-request-title.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230411085947_skip_change_request_ui
-- retort:up
          ALTER TABLE change_requests ADD COLUMN title TEXT;
-- retort:down
          ALTER TABLE change_requests DROP COLUMN title;
