-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240125085703-users-table-increae-image-url-size.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240125084701_add_user_trends
-- retort:up
            ALTER TABLE users
                ALTER COLUMN image_url TYPE text;
-- retort:down
            ALTER TABLE users
                ALTER COLUMN image_url TYPE VARCHAR(255);
