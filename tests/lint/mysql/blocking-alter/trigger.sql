-- retort:up
ALTER TABLE accounts DROP PRIMARY KEY;
