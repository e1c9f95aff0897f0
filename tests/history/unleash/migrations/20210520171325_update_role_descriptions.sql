-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210520171325-update-role-descriptions.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210504101429_deprecate_strategies
-- retort:up
    UPDATE roles set description = 'Users with the editor role have access to most features in Unleash, but can not manage users and roles in the global scope. Editors will be added as project owner when creating projects and get superuser rights within the context of these projects.' where name = 'Editor' AND type = 'root';
    UPDATE roles set description = 'Users with the global admin role have superuser access to Unleash and can perform any operation within the unleash platform.' where name = 'Admin' AND type = 'root';
    UPDATE roles set description = 'Users with this role can only read root resources in Unleash. The viewer can be added to specific projects as project member.' where name = 'Viewer' AND type = 'root';
-- retort:down
