CREATE TABLE t (id integer);
CREATE VIEW v AS SELECT id FROM t;
GRANT SELECT, DELETE ON t TO retort_reader;
GRANT SELECT ON v TO retort_reader;
