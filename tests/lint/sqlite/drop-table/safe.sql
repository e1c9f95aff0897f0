-- retort:up
CREATE TABLE scratch (id integer);
DROP TABLE scratch;
