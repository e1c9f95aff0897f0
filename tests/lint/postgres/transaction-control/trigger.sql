-- retort:up
BEGIN;
CREATE TABLE t (id bigint);
COMMIT;
