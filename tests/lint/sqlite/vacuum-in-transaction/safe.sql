-- retort:up
PRAGMA optimize;
