CREATE TABLE t (email text, a integer, b integer);
