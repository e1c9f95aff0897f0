-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20241114103646-licensed-users.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20241112113555_user_email_hash
-- retort:up
      CREATE TABLE IF NOT EXISTS licensed_users (
        count INT,
        date DATE PRIMARY KEY
      );
-- retort:down
      DROP TABLE IF EXISTS licensed_users;
