-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231121153304-add-permission-create-tag-type.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231103064746_change_request_schedule_change_type
-- retort:up
        INSERT INTO permissions (permission, display_name, type) VALUES ('CREATE_TAG_TYPE', 'Create tag types', 'root');
        SELECT assign_unleash_permission_to_role('CREATE_TAG_TYPE', 'Editor');
-- retort:down
        DELETE FROM permissions WHERE permission = 'CREATE_TAG_TYPE';
