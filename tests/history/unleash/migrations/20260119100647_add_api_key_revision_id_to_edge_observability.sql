-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20260119100647-add-api-key-revision-id-to-edge-observability.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20260115122720_project_owner_crud_project_segment
-- retort:up
ALTER TABLE stat_edge_observability ADD COLUMN api_key_revision_ids JSONB;
-- retort:down
ALTER TABLE stat_edge_observability DROP COLUMN api_key_revision_ids;
