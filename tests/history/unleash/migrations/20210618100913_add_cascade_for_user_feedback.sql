-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20210618100913-add-cascade-for-user-feedback.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20210618091331_project_environments_table
-- retort:up
    ALTER TABLE user_feedback DROP CONSTRAINT user_feedback_user_id_fkey;
    ALTER TABLE user_feedback 
        ADD CONSTRAINT user_feedback_user_id_fkey 
        FOREIGN KEY (user_id) 
        REFERENCES users(id) ON DELETE CASCADE;
-- retort:down
