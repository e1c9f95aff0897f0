-- retort:up
SET lock_timeout = '2s';
ALTER TABLE accounts ALTER COLUMN balance TYPE numeric(12, 2);
