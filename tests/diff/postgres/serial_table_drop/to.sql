CREATE TABLE k (id integer);
