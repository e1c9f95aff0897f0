-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20241127074206-milestone-strategy-title-nullable.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20241125080935_add_unique_idx_to_release_plan_discriminator
-- retort:up
        ALTER TABLE milestone_strategies ALTER COLUMN title DROP NOT NULL;
-- retort:down
