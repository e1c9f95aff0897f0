-- retort:up
ALTER TABLE accounts DROP COLUMN bio;
