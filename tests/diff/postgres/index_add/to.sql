CREATE TABLE t (a integer, b text);
CREATE INDEX t_a ON t (a);
CREATE INDEX ON t (b, a);
