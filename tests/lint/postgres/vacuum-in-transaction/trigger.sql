-- retort:up
VACUUM accounts;
