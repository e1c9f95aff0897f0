-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240329064629-revert-feature-archived.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240326122126_add_index_on_group_name
-- retort:up
            ALTER TABLE features ADD COLUMN IF NOT EXISTS archived BOOLEAN DEFAULT FALSE;
            UPDATE features SET archived = (archived_at IS NOT NULL);
-- retort:down
            ALTER TABLE features DROP COLUMN IF EXISTS archived;
