CREATE TABLE t (id integer);
CREATE VIEW v AS SELECT id FROM t;
GRANT SELECT ON t TO retort_reader;
GRANT SELECT ON v TO retort_reader WITH GRANT OPTION;
GRANT TRUNCATE ON t TO retort_writer;
