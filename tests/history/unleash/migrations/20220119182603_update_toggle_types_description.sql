-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220119182603-update-toggle-types-description.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220111125620_role_permission_empty_string_for_non_environment_type
-- retort:up
        UPDATE feature_types set description = 'Release feature toggles are used to release new features.' where id = 'release';
        UPDATE feature_types set description = 'Experiment feature toggles are used to test and verify multiple different versions of a feature.' where id = 'experiment';
        UPDATE feature_types set description = 'Operational feature toggles are used to control aspects of a rollout.' where id = 'operational';
        UPDATE feature_types set description = 'Kill switch feature toggles are used to quickly turn on or off critical functionality in your system.' where id = 'kill-switch';
        UPDATE feature_types set description = 'Permission feature toggles are used to control permissions in your system.' where id = 'permission';
-- retort:down
