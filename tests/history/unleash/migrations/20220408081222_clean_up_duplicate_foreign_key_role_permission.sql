-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220408081222-clean-up-duplicate-foreign-key-role-permission.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220405103233_add_segments_name_index
-- retort:up
        ALTER TABLE role_permission DROP CONSTRAINT fk_role_permission;
-- retort:down
