CREATE TABLE t (a datetime, b time);
