CREATE TABLE t (id bigserial PRIMARY KEY);
CREATE TABLE k (id integer);
