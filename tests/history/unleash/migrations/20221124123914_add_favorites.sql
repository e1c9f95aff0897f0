-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20221124123914-add-favorites.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20221121133546_soft_delete_user
-- retort:up
            CREATE TABLE IF NOT EXISTS favorite_features
            (
                feature VARCHAR(255) NOT NULL REFERENCES features (name) ON DELETE CASCADE,
                user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                PRIMARY KEY (feature, user_id)
            );

            CREATE TABLE IF NOT EXISTS favorite_projects
            (
                project VARCHAR(255) NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
                user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                PRIMARY KEY (project, user_id)
            );
-- retort:down
            DROP TABLE IF EXISTS favorite_features;
            DROP TABLE IF EXISTS favorite_projects;
