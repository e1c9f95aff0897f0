CREATE TABLE t (a integer, b integer, s integer GENERATED ALWAYS AS (a * b) STORED);
