-- retort:up
BEGIN;
CREATE TABLE t (id integer);
COMMIT;
