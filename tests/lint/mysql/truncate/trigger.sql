-- retort:up
TRUNCATE TABLE accounts;
