CREATE TABLE p (id integer PRIMARY KEY);
CREATE TABLE c (pid integer REFERENCES p);
