-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20240222123532-project-metrics-summary-trends.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240221115502_drop_action_states
-- retort:up
            CREATE TABLE IF NOT EXISTS project_client_metrics_trends
            (
                project varchar NOT NULL references projects(id) ON DELETE CASCADE,
                date date NOT NULL,
                total_yes integer NOT NULL,
                total_no integer NOT NULL,
                total_apps integer NOT NULL,
                total_flags integer NOT NULL,
                total_environments integer NOT NULL,
                PRIMARY KEY (project, date)
            );
-- retort:down
        DROP TABLE IF EXISTS project_client_metrics_trends;
