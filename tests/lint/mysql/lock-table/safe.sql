-- retort:up
SELECT COUNT(*) FROM accounts;
