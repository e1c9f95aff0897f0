-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231222071533-unleash-system-user.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231221143955_feedback_table
-- retort:up
        ALTER TABLE users ADD COLUMN IF NOT EXISTS is_system BOOLEAN NOT NULL DEFAULT FALSE;
        INSERT INTO users
          (id, name, username, email, created_by_user_id, is_system) 
        VALUES
          (-1337, 'Unleash System', 'unleash_system_user', 'system@getunleash.io', -1337, true);
-- retort:down
        ALTER TABLE users DROP COLUMN IF EXISTS is_system;
        DELETE FROM users WHERE id = -1337;
