CREATE TABLE t (price numeric);
