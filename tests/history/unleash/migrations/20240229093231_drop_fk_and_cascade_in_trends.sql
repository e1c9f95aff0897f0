-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240229093231-drop-fk-and-cascade-in-trends.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240222123532_project_metrics_summary_trends
-- retort:up
            ALTER TABLE flag_trends DROP CONSTRAINT IF EXISTS flag_trends_project_fkey;
            ALTER TABLE project_client_metrics_trends DROP CONSTRAINT IF EXISTS project_client_metrics_trends_project_fkey;
-- retort:down
