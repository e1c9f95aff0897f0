CREATE TABLE t (v text DEFAULT 'a', n integer DEFAULT 1);
