-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250110130010-add-permission-cors.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250109150818_unique_connections_table
-- retort:up
        INSERT INTO permissions (permission, display_name, type) VALUES ('UPDATE_CORS', 'Update CORS settings', 'root');
-- retort:down
        DELETE FROM permissions WHERE permission IN ('UPDATE_CORS');
