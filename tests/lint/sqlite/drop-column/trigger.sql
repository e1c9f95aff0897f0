-- retort:up
ALTER TABLE accounts DROP COLUMN legacy_flag;
