-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231123100052-drop-last-seen-foreign-key.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231122121456_dedupe_any_duplicate_permissions
-- retort:up
    ALTER TABLE last_seen_at_metrics DROP CONSTRAINT last_seen_at_metrics_environment_fkey;
-- retort:down
    ALTER TABLE last_seen_at_metrics ADD CONSTRAINT last_seen_at_metrics_environment_fkey FOREIGN KEY (environment) REFERENCES environments(name);
