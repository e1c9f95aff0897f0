CREATE TABLE t (a integer, b integer);
CREATE INDEX t_x ON t (a DESC NULLS LAST, b NULLS FIRST);
