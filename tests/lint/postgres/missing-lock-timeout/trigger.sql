-- a plain SQL file (psql -f): retort runs migrations under a lock_timeout
-- of its own, psql does not
ALTER TABLE accounts ADD COLUMN note text;
