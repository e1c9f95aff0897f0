-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20211108130333-create-user-splash-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20211105105509_add_predata_column_to_events
-- retort:up
        CREATE TABLE IF NOT EXISTS user_splash 
        (user_id INTEGER NOT NULL references users (id) ON DELETE CASCADE, 
        splash_id TEXT, 
        seen BOOLEAN NOT NULL DEFAULT false, 
        PRIMARY KEY (user_id, splash_id));
        CREATE INDEX user_splash_user_id_idx ON user_splash (user_id);
-- retort:down
    DROP INDEX user_splash_user_id_idx;
    DROP TABLE user_splash;
