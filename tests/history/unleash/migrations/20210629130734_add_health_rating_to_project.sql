-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210629130734-add-health-rating-to-project.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210625102126_connect_default_project_to_global_environment
-- retort:up
    ALTER TABLE projects ADD COLUMN health integer DEFAULT 100;
-- retort:down
    ALTER TABLE projects DROP COLUMN health;
