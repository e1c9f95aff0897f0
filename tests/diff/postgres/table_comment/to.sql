CREATE TABLE t (id integer);
COMMENT ON TABLE t IS 'after';
CREATE TABLE u (id integer);
COMMENT ON TABLE u IS 'new';
