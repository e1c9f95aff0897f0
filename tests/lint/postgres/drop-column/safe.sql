-- retort:up
SET lock_timeout = '2s';
-- retort:lint-ignore drop-column unused since release 4.2 (ticket 812)
ALTER TABLE accounts DROP COLUMN legacy_flag;
