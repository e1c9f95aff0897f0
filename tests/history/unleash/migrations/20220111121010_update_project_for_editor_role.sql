-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220111121010-update-project-for-editor-role.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220111120346_roles_unique_name
-- retort:up
    UPDATE role_user set project = 'default' where role_id 
    IN (SELECT id as role_id from roles WHERE name in ('Admin', 'Editor', 'Viewer') LIMIT 3);
-- retort:down
      UPDATE role_user set project = '*' where role_id 
      IN (SELECT id as role_id from roles WHERE name in ('Admin', 'Editor', 'Viewer') LIMIT 3);
