-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250320121200-all-users-have-a-root-role.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250318091635_add_tag_type_color
-- retort:up
INSERT INTO role_user(role_id, user_id, project) SELECT 3, u.id, 'default'
FROM users u
WHERE u.id > 0 AND u.deleted_at IS NULL AND NOT EXISTS (
    SELECT 1
    FROM role_user ru
    JOIN roles r ON ru.role_id = r.id
    WHERE ru.user_id = u.id
      AND r.type IN ('root', 'root-custom')
);
-- retort:down
