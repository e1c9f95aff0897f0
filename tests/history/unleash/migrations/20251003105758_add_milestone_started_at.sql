-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20251003105758-add-milestone-started-at.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20251002095623_not_null_constraints
-- retort:up
ALTER TABLE milestones ADD COLUMN IF NOT EXISTS started_at TIMESTAMP WITH TIME ZONE;
-- retort:down
ALTER TABLE milestones DROP COLUMN IF EXISTS started_at;
