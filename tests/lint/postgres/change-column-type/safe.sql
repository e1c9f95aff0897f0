-- retort:up
SET lock_timeout = '2s';
-- expand: a new column; readers move over before the old one goes
ALTER TABLE accounts ADD COLUMN balance_new numeric(12, 2);
