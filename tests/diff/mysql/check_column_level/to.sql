CREATE TABLE t (a int CHECK (a < 5));
