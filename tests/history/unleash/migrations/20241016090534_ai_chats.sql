-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20241016090534-ai-chats.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20240919083625_client_metrics_env_variants_daily_to_bigint
-- retort:up
        CREATE TABLE IF NOT EXISTS ai_chats
        (
            id BIGSERIAL PRIMARY KEY NOT NULL,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
            chat JSONB NOT NULL
        );

        CREATE INDEX IF NOT EXISTS idx_ai_chats_user_id ON ai_chats(user_id);
-- retort:down
        DROP INDEX IF EXISTS idx_ai_chats_user_id;
        DROP TABLE IF EXISTS ai_chats;
