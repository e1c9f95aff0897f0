CREATE TABLE t (id integer, title text);
CREATE INDEX t_name ON t (title);
