-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210830113948-connect-projects-to-global-envrionments.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210629130734_add_health_rating_to_project
-- retort:up
SELECT id
                                   FROM projects;
INSERT INTO project_environments(project_id, environment_name) VALUES ('default', ':global:') ON CONFLICT DO NOTHING;
-- retort:down
DELETE FROM project_environments;
