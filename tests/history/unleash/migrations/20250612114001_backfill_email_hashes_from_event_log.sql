-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250612114001-backfill-email-hashes-from-event-log.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250612070900_backfill_email_hashes_using_sha256
-- retort:up
    WITH deleted_users AS (
        SELECT (pre_data ->> 'id')::int AS user_id,
                pre_data ->> 'email' AS email
        FROM events
        WHERE type = 'user-deleted'
        AND created_at >= now() - interval '30 days'
    )
    UPDATE users u
    SET email_hash = encode(sha256(du.email::bytea), 'hex')
    FROM deleted_users du
    WHERE u.id = du.user_id AND u.email IS NULL;
-- retort:down
