-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20251009132935-add-edge-node-presence.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20251009081052_add_milestone_progression_executed_at
-- retort:up
          CREATE OR REPLACE FUNCTION bucket_edge_heartbeat(ts timestamptz)
          RETURNS timestamptz
          LANGUAGE SQL IMMUTABLE PARALLEL SAFE AS $$
            SELECT to_timestamp(floor(extract(epoch FROM ts) / 300) * 300) AT TIME ZONE 'UTC';
          $$;

          CREATE TABLE edge_node_presence (
            bucket_ts     timestamptz NOT NULL,
            node_ephem_id text        NOT NULL,
            PRIMARY KEY (bucket_ts, node_ephem_id)
          );

          CREATE INDEX edge_node_presence_brin ON edge_node_presence USING BRIN (bucket_ts);
          CREATE INDEX edge_node_presence_node_hash ON edge_node_presence USING HASH (node_ephem_id);
-- retort:down
          DROP INDEX IF EXISTS edge_node_presence_brin;
          DROP INDEX IF EXISTS edge_node_presence_node_hash;
          DROP TABLE IF EXISTS edge_node_presence;
          DROP FUNCTION IF EXISTS bucket_edge_heartbeat(timestamptz);
