-- retort:up
ALTER TABLE accounts MODIFY n bigint;
