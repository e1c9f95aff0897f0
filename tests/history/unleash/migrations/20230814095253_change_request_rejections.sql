-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230814095253-change-request-rejections.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230808104232_update_root_roles_descriptions
-- retort:up
            CREATE TABLE IF NOT EXISTS change_request_rejections (
               id SERIAL PRIMARY KEY,
               change_request_id INTEGER NOT NULL REFERENCES change_requests(id) ON DELETE CASCADE,
               created_by INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
               created_at TIMESTAMP DEFAULT now(),
               UNIQUE (change_request_id, created_by)
            );
-- retort:down
            DROP TABLE IF EXISTS change_request_rejections;
