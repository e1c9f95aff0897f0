-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220224081422-remove-project-column-from-roles.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220131082150_reset_feedback_form
-- retort:up
ALTER TABLE roles DROP COLUMN IF EXISTS project;
-- retort:down
ALTER TABLE roles ADD COLUMN IF NOT EXISTS project text;
