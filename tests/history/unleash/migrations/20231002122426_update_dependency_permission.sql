-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231002122426-update-dependency-permission.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230927172930_events_announced_index
-- retort:up
        INSERT INTO permissions (permission, display_name, type) VALUES ('UPDATE_FEATURE_DEPENDENCY', 'Update feature dependency', 'project');
        SELECT assign_unleash_permission_to_role('UPDATE_FEATURE_DEPENDENCY', 'Member');
        SELECT assign_unleash_permission_to_role('UPDATE_FEATURE_DEPENDENCY', 'Owner');
-- retort:down
        DELETE FROM permissions WHERE permission = 'UPDATE_FEATURE_DEPENDENCY';
