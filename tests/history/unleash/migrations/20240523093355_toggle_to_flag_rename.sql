-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240523093355-toggle-to-flag-rename.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240508153244_feature_lifecycles_status
-- retort:up
        UPDATE permissions SET display_name = 'Create feature flags' WHERE permission = 'CREATE_FEATURE' AND type = 'project';
        UPDATE permissions SET display_name = 'Update feature flags' WHERE permission = 'UPDATE_FEATURE' AND type = 'project';
        UPDATE permissions SET display_name = 'Delete feature flags' WHERE permission = 'DELETE_FEATURE' AND type = 'project';
        UPDATE permissions SET display_name = 'Change feature flag project' WHERE permission = 'MOVE_FEATURE_TOGGLE' AND type = 'project';
        UPDATE permissions SET display_name = 'Enable/disable flags' WHERE permission = 'UPDATE_FEATURE_ENVIRONMENT' AND type = 'environment';
-- retort:down
            UPDATE permissions
            SET display_name = 'Create feature toggles'
            WHERE permission = 'CREATE_FEATURE'
              AND type = 'project';

            UPDATE permissions
            SET display_name = 'Update feature toggles'
            WHERE permission = 'UPDATE_FEATURE'
              AND type = 'project';

            UPDATE permissions
            SET display_name = 'Delete feature toggles'
            WHERE permission = 'DELETE_FEATURE'
              AND type = 'project';

            UPDATE permissions
            SET display_name = 'Change feature toggle project'
            WHERE permission = 'MOVE_FEATURE_TOGGLE'
              AND type = 'project';

            UPDATE permissions
            SET display_name = 'Enable/disable toggles'
            WHERE permission = 'UPDATE_FEATURE_ENVIRONMENT'
              AND type = 'environment';
