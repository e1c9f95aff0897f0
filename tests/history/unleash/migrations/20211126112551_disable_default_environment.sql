-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20211126112551-disable-default-environment.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20211109103930_add_splash_entry_for_users
-- retort:up
        UPDATE environments 
        SET enabled = false
        WHERE name = 'default'
        AND NOT EXISTS (select  * from features);

        DELETE FROM project_environments 
        WHERE environment_name = 'default'
        AND NOT EXISTS (select  * from features);

        INSERT INTO project_environments(project_id, environment_name) 
        SELECT 'default', 'development'
        WHERE NOT EXISTS (select  * from features);
        
        INSERT INTO project_environments(project_id, environment_name) 
        SELECT 'default', 'production'
        WHERE NOT EXISTS (select  * from features);
-- retort:down
