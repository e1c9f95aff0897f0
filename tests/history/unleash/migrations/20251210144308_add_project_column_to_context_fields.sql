-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20251210144308-add-project-column-to-context-fields.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20251209090115_add_default_release_plan_template
-- retort:up
ALTER TABLE context_fields ADD COLUMN project varchar(255) REFERENCES projects(id) ON DELETE CASCADE;
-- retort:down
ALTER TABLE context_fields DROP COLUMN IF EXISTS project;
