-- retort:up
SELECT 1;
