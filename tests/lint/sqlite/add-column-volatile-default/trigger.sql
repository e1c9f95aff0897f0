-- retort:up
ALTER TABLE accounts ADD COLUMN created_at text DEFAULT CURRENT_TIMESTAMP;
