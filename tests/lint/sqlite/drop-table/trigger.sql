-- retort:up
DROP TABLE accounts;
