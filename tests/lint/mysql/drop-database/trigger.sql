-- retort:up
DROP DATABASE app;
