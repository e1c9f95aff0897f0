CREATE SEQUENCE ids;
CREATE TABLE t (id bigint DEFAULT nextval('ids'));
