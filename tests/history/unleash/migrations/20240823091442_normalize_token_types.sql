-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240823091442-normalize-token-types.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240821141555_segment_no_project_cleanup
-- retort:up
        UPDATE api_tokens
        SET type = 'client'
        WHERE type = 'CLIENT';

        UPDATE api_tokens
        SET type = 'admin'
        WHERE type = 'ADMIN';

        UPDATE api_tokens
        SET type = 'frontend'
        WHERE type = 'FRONTEND';
-- retort:down
