-- retort:up
SET lock_timeout = '2s';
ALTER TABLE accounts ADD COLUMN plan text NOT NULL DEFAULT 'free';
