-- retort:up
SET lock_timeout = '2s';
-- stable or constant defaults are stored once: no rewrite
ALTER TABLE accounts ADD COLUMN created_at timestamptz DEFAULT now();
ALTER TABLE accounts ADD COLUMN status text DEFAULT 'new';
