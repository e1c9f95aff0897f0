-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220808084524-add-group-permissions.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220711084613_add_projects_and_environments_for_addons
-- retort:up
        ALTER TABLE group_user DROP COLUMN IF EXISTS role;
-- retort:down
            ALTER TABLE group_user ADD COLUMN role text check(role in ('Owner', 'Member')) default 'Member';
