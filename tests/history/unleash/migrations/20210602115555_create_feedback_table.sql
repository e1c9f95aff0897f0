-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210602115555-create-feedback-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210520171325_update_role_descriptions
-- retort:up
      CREATE TABLE IF NOT EXISTS user_feedback 
      (user_id INTEGER NOT NULL references users (id), 
      feedback_id TEXT, 
      given TIMESTAMP WITH TIME ZONE, 
      neverShow BOOLEAN NOT NULL DEFAULT false, 
      PRIMARY KEY (user_id, feedback_id));
      CREATE INDEX user_feedback_user_id_idx ON user_feedback (user_id);
-- retort:down
        DROP INDEX user_feedback_user_id_idx;
        DROP TABLE user_feedback;
