-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20241024081537-sent-emails-table.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20241024062521_add_release_plans_milestones_strategies
-- retort:up
    CREATE TABLE IF NOT EXISTS emails_sent
    (
        id VARCHAR(255) NOT NULL,
        type VARCHAR(255) NOT NULL,
        created_at TIMESTAMP DEFAULT now(),
        payload JSONB NOT NULL DEFAULT '{}'::jsonb,
        PRIMARY KEY (id, type)
    );
-- retort:down
DROP TABLE emails_sent;
