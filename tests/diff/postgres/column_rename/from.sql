CREATE TABLE t (id integer, name text);
CREATE INDEX t_name ON t (name);
