-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20231221143955-feedback-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20231219100343_rename_new_columns_to_created_by_user_id
-- retort:up
            CREATE TABLE IF NOT EXISTS feedback
            (
                id SERIAL PRIMARY KEY NOT NULL,
                category TEXT NOT NULL,
                user_type TEXT,
                difficulty_score INTEGER,
                positive TEXT,
                areas_for_improvement TEXT,
                created_at TIMESTAMP WITH TIME ZONE DEFAULT now()
            );
-- retort:down
        DROP TABLE IF EXISTS feedback;
