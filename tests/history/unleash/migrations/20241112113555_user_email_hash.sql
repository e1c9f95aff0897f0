-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20241112113555-user-email-hash.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20241111085745_release_plan_template_permissions
-- retort:up
      ALTER TABLE users
          ADD COLUMN IF NOT EXISTS email_hash VARCHAR(32);
-- retort:down
      ALTER TABLE users
          DROP COLUMN IF EXISTS email_hash;
