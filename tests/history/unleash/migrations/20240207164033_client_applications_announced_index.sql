-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240207164033-client-applications-announced-index.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240130104757_flag_trends_health_time_to_production
-- retort:up
            CREATE INDEX IF NOT EXISTS idx_client_applications_announced_false ON client_applications (announced)
                WHERE announced = FALSE;
-- retort:down
        DROP INDEX IF EXISTS idx_client_applications_announced_false;
