-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210428103923-onboard-projects-to-rbac.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210428103922_patch_role_table
-- retort:up
SELECT id AS name from projects WHERE id NOT IN (SELECT DISTINCT project FROM roles WHERE project IS NOT null);
                WITH project_owner AS (
                    INSERT into roles (name, description, type, project)
                        VALUES ('Owner', 'Users with this role have full control over the project, and can add and manage other users within the project context, manage feature toggles within the project, and control advanced project features like archiving and deleting the project.', 'project', 'default')
                        RETURNING id role_id
                )
                INSERT INTO role_permission(role_id, project, permission) VALUES
                    ((SELECT role_id FROM project_owner), 'default', 'UPDATE_PROJECT'),
                    ((SELECT role_id FROM project_owner), 'default', 'DELETE_PROJECT'),
                    ((SELECT role_id FROM project_owner), 'default', 'CREATE_FEATURE'),
                    ((SELECT role_id FROM project_owner), 'default', 'UPDATE_FEATURE'),
                    ((SELECT role_id FROM project_owner), 'default', 'DELETE_FEATURE');

                WITH project_member AS (
                    INSERT into roles (name, description, type, project)
                        VALUES ('Member', 'Users with this role within a project are allowed to view, create and update feature toggles, but have limited permissions in regards to managing the projects user access and can not archive or delete the project.', 'project', 'default')
                        RETURNING id role_id
                )
                INSERT INTO role_permission(role_id, project, permission) VALUES
                    ((SELECT role_id from project_member), 'default', 'CREATE_FEATURE'),
                    ((SELECT role_id from project_member), 'default', 'UPDATE_FEATURE'),
                    ((SELECT role_id from project_member), 'default', 'DELETE_FEATURE');

                WITH owner_id AS (
                    SELECT id FROM roles WHERE type='project' AND project='default' AND name = 'Owner'
                )
                INSERT INTO role_user(role_id, user_id) SELECT o.id, u.id FROM owner_id o, users u ON CONFLICT DO NOTHING;
-- retort:down
