-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20220131082150-reset-feedback-form.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20220129113106_metrics_counters_as_bigint
-- retort:up
       DELETE FROM user_feedback WHERE nevershow = false;
-- retort:down
