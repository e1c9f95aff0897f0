-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20251009081052-add-milestone-progression-executed-at.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20251006111609_add_milestone_progressions
-- retort:up
        ALTER TABLE milestone_progressions
        ADD COLUMN executed_at TIMESTAMP WITH TIME ZONE;
-- retort:down
        ALTER TABLE milestone_progressions
        DROP COLUMN IF EXISTS executed_at;
