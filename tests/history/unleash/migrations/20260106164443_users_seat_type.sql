-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20260106164443-users-seat-type.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20251218153722_predefined_project_role_reader
-- retort:up
ALTER TABLE users ADD COLUMN IF NOT EXISTS seat_type TEXT;
-- retort:down
ALTER TABLE users DROP COLUMN IF EXISTS seat_type;
