-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250508112416-update-project-add-link-templates.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250508102832_feature_link_domain
-- retort:up
ALTER TABLE project_settings ADD COLUMN link_templates JSONB DEFAULT '[]';
-- retort:down
ALTER TABLE project_settings DROP COLUMN link_templates;
