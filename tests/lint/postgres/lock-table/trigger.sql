-- retort:up
SET lock_timeout = '2s';
LOCK TABLE accounts;
