-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220111125620-role-permission-empty-string-for-non-environment-type.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220111121010_update_project_for_editor_role
-- retort:up
  UPDATE role_permission SET environment = '' where permission_id NOT IN 
    (select id from permissions WHERE type = 'environment');
-- retort:down
