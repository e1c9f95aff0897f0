-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20241016123833-ai-chats-rename-chat-col-to-messages.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20241016090534_ai_chats
-- retort:up
        ALTER TABLE ai_chats RENAME COLUMN chat TO messages;
-- retort:down
        ALTER TABLE ai_chats RENAME COLUMN messages TO chat;
