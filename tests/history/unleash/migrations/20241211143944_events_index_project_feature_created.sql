-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20241211143944-events-index-project-feature-created.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20241129102205_add_foreign_key_to_role_permissions
-- retort:up
          CREATE INDEX idx_events_project_feature_created
            ON events (project, feature_name, created_at DESC);
-- retort:down
           DROP INDEX idx_events_project_feature_created;
