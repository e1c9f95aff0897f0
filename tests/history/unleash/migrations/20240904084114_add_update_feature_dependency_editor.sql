-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240904084114-add-update-feature-dependency-editor.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240903152133_clear_onboarding_events
-- retort:up
        INSERT INTO role_permission (role_id, permission)
        SELECT id, 'UPDATE_FEATURE_DEPENDENCY'
        FROM roles WHERE name = 'Editor' AND type = 'root'
        AND EXISTS (SELECT 1 FROM roles WHERE name = 'Editor' and type = 'root')
        AND NOT EXISTS (
            SELECT 1
            FROM role_permission
            WHERE role_permission.role_id = (SELECT id FROM roles WHERE name = 'Editor' AND type = 'root')
            AND role_permission.permission = 'UPDATE_FEATURE_DEPENDENCY'
        );
-- retort:down
        DELETE FROM role_permission
        WHERE role_id = (SELECT id FROM roles WHERE name = 'Editor' AND type = 'root')
        AND permission = 'UPDATE_FEATURE_DEPENDENCY';
