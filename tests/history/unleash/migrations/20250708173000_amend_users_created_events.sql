-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250708173000-amend-users-created-events.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250707153020_unknown_flags_environment
-- retort:up
    INSERT INTO events (created_at, created_by, type, data, announced)
    SELECT
      u.created_at AS created_at,
      'unleash_system_user' AS created_by,
      'user-created' AS type,
      json_build_object(
        'id', u.id,
        'name', u.name,
        'email', u.email
      )::jsonb AS data,
      true AS announced
    FROM users u
    WHERE
      is_system = false
      AND is_service = false
      AND deleted_at IS NULL
      AND email IS NOT NULL
      AND NOT EXISTS (
        SELECT 1 FROM events
        WHERE type = 'user-created'
          AND (data ->> 'id')::int = u.id
        LIMIT 1
      )
    ON CONFLICT DO NOTHING;
-- retort:down
