-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230411085947-skip-change-request-ui.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230316092547_remove_project_stats_column
-- retort:up
          UPDATE permissions SET display_name = 'Skip change request process' WHERE permission = 'SKIP_CHANGE_REQUEST';
-- retort:down
        UPDATE permissions SET display_name = 'Skip change request process (API-only)' WHERE permission = 'SKIP_CHANGE_REQUEST';
