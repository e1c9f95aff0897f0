-- retort:up
SET lock_timeout = '2s';
ALTER TABLE accounts ADD COLUMN email_address text;
