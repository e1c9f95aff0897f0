CREATE TABLE t (id integer, v text DEFAULT 'none');
