-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230414105818-add-root-role-to-groups.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230412125618_add_title_to_strategy
-- retort:up
        ALTER TABLE groups ADD COLUMN root_role_id INTEGER DEFAULT NULL;
        ALTER TABLE groups
        ADD CONSTRAINT fk_group_role_id
                        FOREIGN KEY(root_role_id)
                            REFERENCES roles(id);
-- retort:down
          ALTER TABLE groups DROP CONSTRAINT fk_group_role_id;
          ALTER TABLE groups DROP COLUMN root_role_id;
