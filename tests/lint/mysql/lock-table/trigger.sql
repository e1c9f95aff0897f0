-- retort:up
LOCK TABLES accounts WRITE;
