-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20241031102325-user-unsubscription.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20241030093439_release_plans_template_ref_and_missing_strategy_fields
-- retort:up
    CREATE TABLE IF NOT EXISTS user_unsubscription
    (
        user_id INTEGER NOT NULL references users (id),
        subscription VARCHAR(255) NOT NULL,
        created_at TIMESTAMP DEFAULT now(),
        PRIMARY KEY (user_id, subscription)
    );
-- retort:down
DROP TABLE IF EXISTS user_unsubscription;
