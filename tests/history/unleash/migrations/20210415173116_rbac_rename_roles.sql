-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210415173116-rbac-rename-roles.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210414141220_fix_misspellings_in_role_descriptions
-- retort:up
    UPDATE roles set name = 'Editor', description = 'Users with this role have access most features in Unleash, but can not manage users and roles in the global scope. If a user with a global regular role creates a project, they will become a project admin and receive superuser rights within the context of that project.' where name = 'Regular' AND type = 'root';
    UPDATE roles set name = 'Viewer' where name = 'Read' AND type = 'root';
    UPDATE roles set name = 'Owner', description = 'Users with this role have full control over the project, and can add and manage other users within the project context, manage feature toggles within the project, and control advanced project features like archiving and deleting the project.' where name = 'Admin' AND type = 'project';
    UPDATE roles set name = 'Member', description = 'Users with this role within a project are allowed to view, create and update feature toggles, but have limited permissions in regards to managing the projects user access and can not archive or delete the project.' where name = 'Regular' AND type = 'project';
-- retort:down
    UPDATE roles set name = 'Regular' where name = 'Editor' AND type = 'root';
    UPDATE roles set name = 'Read' where name = 'Viewer' AND type = 'root';
    UPDATE roles set name = 'Admin' where name = 'Owner' AND type = 'project';
    UPDATE roles set name = 'Regular' where name = 'Member' AND type = 'project';
