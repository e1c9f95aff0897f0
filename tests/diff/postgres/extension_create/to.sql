CREATE EXTENSION citext;
CREATE TABLE t (id integer, email citext UNIQUE);
