CREATE TABLE p (id bigint PRIMARY KEY);
CREATE TABLE c (id integer, pid bigint REFERENCES p);
