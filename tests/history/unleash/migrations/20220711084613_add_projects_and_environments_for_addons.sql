-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220711084613-add-projects-and-environments-for-addons.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220704115624_add_user_groups
-- retort:up
ALTER TABLE addons
            ADD COLUMN
                projects jsonb DEFAULT '[]'::jsonb;
         ALTER TABLE addons
             ADD COLUMN environments jsonb DEFAULT '[]'::jsonb;
-- retort:down
        ALTER TABLE addons DROP COLUMN projects;
        ALTER TABLE addons DROP COLUMN environments;
