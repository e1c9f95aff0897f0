-- retort:up transaction=false
SET lock_timeout = '2s';
ALTER TABLE accounts ADD COLUMN plan text;
UPDATE accounts SET plan = 'free' WHERE id BETWEEN 1 AND 10000;
