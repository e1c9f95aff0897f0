-- retort:up
ALTER TABLE accounts ADD COLUMN created_at text DEFAULT '1970-01-01';
