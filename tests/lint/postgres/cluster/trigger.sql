-- retort:up
SET lock_timeout = '2s';
CLUSTER accounts USING accounts_pkey;
