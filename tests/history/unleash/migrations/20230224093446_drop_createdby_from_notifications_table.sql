-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230224093446-drop-createdBy-from-notifications-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230222154915_create_notiications_table
-- retort:up
            ALTER TABLE notifications
                DROP COLUMN IF EXISTS created_by;
-- retort:down
        ALTER TABLE notifications
            ADD COLUMN IF NOT EXISTS created_by INTEGER REFERENCES users (id);
