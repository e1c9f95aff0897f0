-- retort:up
SET lock_timeout = '2s';
ALTER TABLE accounts ADD COLUMN token uuid DEFAULT gen_random_uuid();
