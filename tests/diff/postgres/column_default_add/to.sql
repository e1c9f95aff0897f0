CREATE TABLE t (id integer, v text DEFAULT 'none', n integer DEFAULT -1);
