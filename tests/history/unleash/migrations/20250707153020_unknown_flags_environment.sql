-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250707153020-unknown-flags-environment.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250630114145_add_transaction_context_to_events
-- retort:up
    ALTER TABLE unknown_flags
      ADD COLUMN IF NOT EXISTS environment TEXT NOT NULL DEFAULT 'default',
      DROP CONSTRAINT unknown_flags_pkey,
      ADD PRIMARY KEY (name, app_name, environment);
-- retort:down
    ALTER TABLE unknown_flags
      DROP CONSTRAINT unknown_flags_pkey,
      ADD PRIMARY KEY (name, app_name),
      DROP COLUMN IF EXISTS environment;
