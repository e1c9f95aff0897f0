-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230222154915-create-notiications-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230222084211_add_login_events_table
-- retort:up
            CREATE TABLE IF NOT EXISTS notifications (
                 id SERIAL PRIMARY KEY,
                 event_id INTEGER NOT NULL REFERENCES  events (id) ON DELETE CASCADE,
                 created_by INTEGER NOT NULL REFERENCES  users (id) ON DELETE CASCADE,
                 created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
            );

            CREATE TABLE if not exists user_notifications
            (
                notification_id INTEGER NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
                user_id         INTEGER NOT NULL REFERENCES  users (id) ON DELETE CASCADE,
                read_at         TIMESTAMP WITH TIME ZONE,
                PRIMARY KEY (notification_id, user_id)
            );
-- retort:down
        DROP TABLE IF EXISTS user_notifications;
        DROP TABLE IF EXISTS notifications;
