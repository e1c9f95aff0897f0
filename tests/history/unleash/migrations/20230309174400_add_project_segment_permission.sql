-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230309174400-add-project-segment-permission.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230306103401_remove_direct_link_from_segment_permissions_to_admin
-- retort:up
INSERT INTO permissions (permission, display_name, type) VALUES
        ('UPDATE_PROJECT_SEGMENT', 'Create/edit project segment', 'project');
-- retort:down
DELETE FROM permissions WHERE permission = 'UPDATE_PROJECT_SEGMENT';
