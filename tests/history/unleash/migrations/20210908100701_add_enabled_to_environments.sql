-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210908100701-add-enabled-to-environments.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210907124850_add_dbcritic_primary_keys
-- retort:up
    ALTER TABLE environments ADD COLUMN enabled BOOLEAN DEFAULT true;
-- retort:down
    ALTER TABLE environments DROP COLUMN enabled;
