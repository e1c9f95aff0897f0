-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231012082537-message-banners.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231004120900_create_changes_stats_table_and_trigger
-- retort:up
        CREATE TABLE IF NOT EXISTS message_banners
            (
                id SERIAL PRIMARY KEY NOT NULL,
                enabled BOOLEAN DEFAULT true NOT NULL,
                message TEXT NOT NULL,
                variant TEXT,
                sticky BOOLEAN DEFAULT false,
                icon TEXT,
                link TEXT,
                link_text TEXT,
                dialog_title TEXT,
                dialog TEXT,
                created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
            );
-- retort:down
        DROP TABLE IF EXISTS message_banners;
