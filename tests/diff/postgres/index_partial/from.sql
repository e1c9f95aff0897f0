CREATE TABLE t (a integer, deleted boolean);
