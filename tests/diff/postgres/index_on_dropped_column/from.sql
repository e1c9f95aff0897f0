CREATE TABLE t (a integer, b integer);
CREATE INDEX t_b ON t (b);
CREATE INDEX t_ab ON t (a, b);
