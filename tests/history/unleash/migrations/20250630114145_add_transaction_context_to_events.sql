-- Unleash 7.6.5 (Apache-2.0), dist/migrations/20250630114145-add-transaction-context-to-events.js: the SQL its
-- code sent to PostgreSQL, recorded by tests/history/unleash-convert.js
-- retort:parent 20250623100820_cr_requested_approvals_add_notified_at_column
-- retort:up
    ALTER TABLE events 
    ADD COLUMN IF NOT EXISTS group_type TEXT,
    ADD COLUMN IF NOT EXISTS group_id TEXT;
-- retort:down
    ALTER TABLE events 
    DROP COLUMN IF EXISTS group_id,
    DROP COLUMN IF EXISTS group_type;
