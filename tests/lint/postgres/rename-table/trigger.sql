-- retort:up
SET lock_timeout = '2s';
ALTER TABLE accounts RENAME TO customers;
