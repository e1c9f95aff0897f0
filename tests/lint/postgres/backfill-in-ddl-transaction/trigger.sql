-- retort:up
SET lock_timeout = '2s';
ALTER TABLE accounts ADD COLUMN plan text;
UPDATE accounts SET plan = 'free';
