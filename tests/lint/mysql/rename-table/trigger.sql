-- retort:up
RENAME TABLE accounts TO users;
