-- retort:up
-- retort:lint-ignore drop-column unused since release 4.2
ALTER TABLE accounts DROP COLUMN legacy_flag;
