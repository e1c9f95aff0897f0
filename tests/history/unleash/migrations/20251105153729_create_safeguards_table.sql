-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20251105153729-create-safeguards-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20251103114221_milestone_progression_paused_at
-- retort:up
        CREATE TABLE IF NOT EXISTS safeguards (
            id TEXT PRIMARY KEY,
            impact_metric_id TEXT NOT NULL REFERENCES impact_metrics (id) ON DELETE CASCADE,
            action JSONB NOT NULL,
            trigger_condition JSONB NOT NULL
        );
-- retort:down
        DROP TABLE IF EXISTS safeguards;
