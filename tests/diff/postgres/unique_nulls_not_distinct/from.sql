CREATE TABLE t (a integer UNIQUE);
