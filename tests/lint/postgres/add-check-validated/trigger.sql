-- retort:up
SET lock_timeout = '2s';
ALTER TABLE accounts ADD CONSTRAINT balance_positive CHECK (balance >= 0);
