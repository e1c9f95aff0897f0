-- retort:up
SET lock_timeout = '2s';
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
