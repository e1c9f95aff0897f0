-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230125065315-project-stats-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20221221144132_service_account_users
-- retort:up
CREATE TABLE IF NOT EXISTS project_stats (
             project VARCHAR(255) NOT NULL,
             avg_time_to_prod_current_window FLOAT DEFAULT 0,
             avg_time_to_prod_past_window FLOAT DEFAULT 0,
             project_changes_current_window INTEGER DEFAULT 0,
             project_changes_past_window INTEGER DEFAULT 0,
             features_created_current_window INTEGER DEFAULT 0,
             features_created_past_window INTEGER DEFAULT 0,
             features_archived_current_window INTEGER DEFAULT 0,
             features_archived_past_window INTEGER DEFAULT 0,
             FOREIGN KEY (project) references projects(id) ON DELETE CASCADE,
             UNIQUE(project)
         );
-- retort:down
        DROP TABLE project_stats;
