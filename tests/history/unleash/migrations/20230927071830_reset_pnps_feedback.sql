-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20230927071830-reset-pnps-feedback.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20230919104006_dependent_features
-- retort:up
       DELETE FROM user_feedback WHERE feedback_id = 'pnps' AND given < NOW() - INTERVAL '3 months';
-- retort:down
