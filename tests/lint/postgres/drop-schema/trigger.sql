-- retort:up
DROP SCHEMA legacy CASCADE;
