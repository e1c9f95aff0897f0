-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20251013131405-milestone-progression-uniqueness.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20251009132935_add_edge_node_presence
-- retort:up
DROP INDEX IF EXISTS milestone_progressions_source_milestone_idx;
         CREATE UNIQUE INDEX milestone_progressions_source_milestone_idx ON milestone_progressions(source_milestone);
-- retort:down
DROP INDEX IF EXISTS milestone_progressions_source_milestone_idx;
