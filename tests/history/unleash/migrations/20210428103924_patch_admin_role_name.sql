-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210428103924-patch-admin-role-name.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210428103923_onboard_projects_to_rbac
-- retort:up
        UPDATE roles set name='Admin' where name='Super User';
-- retort:down
