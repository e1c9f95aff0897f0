-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250304122705-archive-release-template.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250214104741_add_status_code_to_edge_traffic_table
-- retort:up
        ALTER TABLE release_plan_definitions ADD COLUMN archived_at TIMESTAMP WITH TIME ZONE;
-- retort:down
        ALTER TABLE release_plan_definitions DROP COLUMN archived_at;
