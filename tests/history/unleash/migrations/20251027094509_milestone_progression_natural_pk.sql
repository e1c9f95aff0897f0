-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20251027094509-milestone-progression-natural-pk.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20251013131405_milestone_progression_uniqueness
-- retort:up
        DROP INDEX IF EXISTS milestone_progressions_source_milestone_idx;

        ALTER TABLE milestone_progressions DROP COLUMN id;

        ALTER TABLE milestone_progressions ADD PRIMARY KEY (source_milestone);
-- retort:down
        ALTER TABLE milestone_progressions DROP CONSTRAINT milestone_progressions_pkey;

        ALTER TABLE milestone_progressions ADD COLUMN id TEXT NOT NULL DEFAULT gen_random_uuid()::text;

        ALTER TABLE milestone_progressions ADD PRIMARY KEY (id);

        CREATE UNIQUE INDEX milestone_progressions_source_milestone_idx ON milestone_progressions(source_milestone);
