CREATE TABLE parent (id integer PRIMARY KEY);
CREATE TABLE c (pid integer REFERENCES parent);
