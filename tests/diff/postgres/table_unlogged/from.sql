CREATE UNLOGGED TABLE a (id integer);
CREATE TABLE b (id integer);
