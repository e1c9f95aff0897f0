-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20221011155007-add-user-groups-mappings.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20221010114644_pat_auto_increment
-- retort:up
            ALTER TABLE groups
                ADD COLUMN IF NOT EXISTS mappings_sso jsonb DEFAULT '[]'::jsonb;
-- retort:down
            ALTER TABLE groups
                DROP COLUMN IF EXISTS mappings_sso;
