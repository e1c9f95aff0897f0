-- retort:up
VACUUM;
