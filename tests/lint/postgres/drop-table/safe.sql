-- retort:up
SET lock_timeout = '2s';
CREATE TABLE scratch (id bigint);
DROP TABLE scratch;
