CREATE TABLE t (id integer);
COMMENT ON TABLE t IS 'before';
