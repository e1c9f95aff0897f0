-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250529153326-cr-uniqueness.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250521160000_add_cdn_tokens_table
-- retort:up
            WITH ranked AS (
                SELECT id,
                       ROW_NUMBER() OVER (
                       PARTITION BY created_by, project, environment
                       ORDER BY created_at DESC
                   ) AS rn
                FROM change_requests
                WHERE state NOT IN ('Applied', 'Cancelled', 'Rejected', 'Scheduled')
            )
            UPDATE change_requests
            SET state = 'Cancelled'
            WHERE id IN (
                SELECT id FROM ranked WHERE rn > 1
            );

            CREATE UNIQUE INDEX IF NOT EXISTS unique_pending_request_per_user_project_env
                ON change_requests (created_by, project, environment)
                WHERE state NOT IN ('Applied', 'Cancelled', 'Rejected', 'Scheduled');
-- retort:down
 DROP INDEX IF EXISTS unique_pending_request_per_user_project_env;
