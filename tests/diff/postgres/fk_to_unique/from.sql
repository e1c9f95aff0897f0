CREATE TABLE p (id integer PRIMARY KEY, code text);
CREATE TABLE c (code text);
