-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20221121133546-soft-delete-user.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20221121114357_add_permission_for_environment_variants
-- retort:up
            ALTER TABLE users ADD COLUMN IF NOT EXISTS deleted_at TIMESTAMP WITH TIME ZONE;
-- retort:down
            ALTER TABLE users DROP COLUMN IF EXISTS deleted_at;
