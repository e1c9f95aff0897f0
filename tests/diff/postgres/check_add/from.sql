CREATE TABLE t (price numeric, qty integer);
