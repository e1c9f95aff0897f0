-- retort:up
CREATE TABLE scratch (id int);
DROP TABLE scratch;
