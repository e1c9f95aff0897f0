-- retort:up
SET lock_timeout = '2s';
CREATE TABLE staging (id bigint);
TRUNCATE staging;
