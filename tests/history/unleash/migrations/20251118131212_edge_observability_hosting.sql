-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20251118131212-edge-observability-hosting.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20251105153729_create_safeguards_table
-- retort:up
        ALTER TABLE stat_edge_observability
        ADD COLUMN hosting TEXT;
-- retort:down
        ALTER TABLE stat_edge_observability
        DROP COLUMN IF EXISTS hosting;
