-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220224111626-add-current-time-context-field.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220224081422_remove_project_column_from_roles
-- retort:up
       INSERT INTO context_fields(name, description, sort_order) VALUES('currentTime', 'Allows you to constrain on date values', 3);
-- retort:down
       DELETE FROM context_fields WHERE name = 'currentTime';
