-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230316092547-remove-project-stats-column.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230314131041_project_settings
-- retort:up
        ALTER table project_stats
                DROP COLUMN avg_time_to_prod_past_window;
-- retort:down
        ALTER table project_stats
                ADD COLUMN IF NOT EXISTS avg_time_to_prod_past_window INTEGER DEFAULT 0;
