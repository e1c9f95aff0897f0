-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250102150900-add-permission-read-logs.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20241220102327_drop_ai_chats
-- retort:up
        INSERT INTO permissions (permission, display_name, type) VALUES ('READ_LOGS', 'Read instance logs and login history', 'root');
-- retort:down
        DELETE FROM permissions WHERE permission IN ('READ_LOGS');
