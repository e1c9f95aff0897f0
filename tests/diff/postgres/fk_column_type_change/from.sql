CREATE TABLE p (id integer PRIMARY KEY);
CREATE TABLE c (id integer, pid integer REFERENCES p);
