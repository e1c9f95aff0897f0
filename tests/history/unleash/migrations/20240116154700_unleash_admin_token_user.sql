-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240116154700-unleash-admin-token-user.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240116104456_drop_unused_column_permissionid
-- retort:up
        INSERT INTO users
          (id, name, username, created_by_user_id, is_system) 
        VALUES
          (-42, 'Unleash Admin Token User', 'unleash_admin_token', -1337, true);
-- retort:down
        DELETE FROM users WHERE id = -42;
