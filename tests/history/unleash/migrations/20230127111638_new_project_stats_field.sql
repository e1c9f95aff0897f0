-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230127111638-new-project-stats-field.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230125065315_project_stats_table
-- retort:up
        ALTER table project_stats
                ADD COLUMN IF NOT EXISTS project_members_added_current_window INTEGER DEFAULT 0;
-- retort:down
        ALTER table project_stats
                DROP COLUMN project_members_added_current_window;
