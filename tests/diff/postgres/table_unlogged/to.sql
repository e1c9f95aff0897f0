CREATE TABLE a (id integer);
CREATE UNLOGGED TABLE b (id integer);
