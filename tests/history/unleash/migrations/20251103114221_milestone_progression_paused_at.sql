-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20251103114221-milestone-progression-paused-at.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20251027094509_milestone_progression_natural_pk
-- retort:up
        ALTER TABLE milestone_progressions
        ADD COLUMN paused_at TIMESTAMP WITH TIME ZONE;
-- retort:down
        ALTER TABLE milestone_progressions
        DROP COLUMN IF EXISTS paused_at;
