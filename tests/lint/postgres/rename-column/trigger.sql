-- retort:up
SET lock_timeout = '2s';
ALTER TABLE accounts RENAME COLUMN email TO email_address;
