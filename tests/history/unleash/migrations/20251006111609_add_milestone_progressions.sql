-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20251006111609-add-milestone-progressions.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20251003105758_add_milestone_started_at
-- retort:up
        CREATE TABLE IF NOT EXISTS milestone_progressions (
            id TEXT PRIMARY KEY NOT NULL,
            source_milestone TEXT NOT NULL REFERENCES milestones(id) ON DELETE CASCADE,
            target_milestone TEXT NOT NULL REFERENCES milestones(id) ON DELETE CASCADE,
            transition_condition JSONB NOT NULL
        );
-- retort:down
DROP TABLE IF EXISTS milestone_progressions;
