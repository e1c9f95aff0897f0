CREATE TABLE t (a integer, b text, c text);
CREATE INDEX t_a ON t (a);
