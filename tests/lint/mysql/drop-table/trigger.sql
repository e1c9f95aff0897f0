-- retort:up
DROP TABLE IF EXISTS accounts;
