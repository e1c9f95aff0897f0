-- retort:up
SET lock_timeout = '2s';
TRUNCATE accounts;
