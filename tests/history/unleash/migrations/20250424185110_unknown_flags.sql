-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250424185110-unknown-flags.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250325124224_environment_required_approvals
-- retort:up
        CREATE TABLE IF NOT EXISTS unknown_flags (
            name TEXT NOT NULL,
            app_name TEXT NOT NULL,
            seen_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
            PRIMARY KEY (name, app_name)
        );
-- retort:down
        DROP TABLE IF EXISTS unknown_flags;
