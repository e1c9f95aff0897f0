CREATE TABLE t (a integer);
CREATE UNIQUE INDEX t_a ON t (a);
