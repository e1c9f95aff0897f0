-- retort:up
SET lock_timeout = '2s';
CREATE TABLE ledger (id bigint PRIMARY KEY);
CLUSTER ledger USING ledger_pkey;
