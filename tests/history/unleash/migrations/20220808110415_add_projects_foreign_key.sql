-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220808110415-add-projects-foreign-key.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220808084524_add_group_permissions
-- retort:up
            delete from group_role where project not in (select id from projects);
            ALTER TABLE group_role
            ADD CONSTRAINT fk_group_role_project
                FOREIGN KEY(project)
                    REFERENCES projects(id) ON DELETE CASCADE;
-- retort:down
            ALTER TABLE group_role DROP CONSTRAINT fk_group_role_project;
