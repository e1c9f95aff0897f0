-- retort:up
SET lock_timeout = '2s';
CREATE TABLE staging (id bigint);
ALTER TABLE staging RENAME TO imports;
