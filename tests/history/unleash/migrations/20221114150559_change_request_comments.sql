-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20221114150559-change-request-comments.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20221110144113_revert_change_request_project_options
-- retort:up
            CREATE TABLE IF NOT EXISTS change_request_comments (
             id SERIAL PRIMARY KEY,
             change_request INTEGER NOT NULL REFERENCES change_requests(id) ON DELETE CASCADE,
             text TEXT NOT NULL,
             created_at TIMESTAMP default now(),
             created_by INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE
            );
-- retort:down
            DROP TABLE IF EXISTS change_request_comments;
