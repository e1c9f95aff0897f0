CREATE TABLE t (v text DEFAULT 'b', n integer DEFAULT 2);
