CREATE TABLE p (id integer PRIMARY KEY, code text UNIQUE);
CREATE TABLE c (code text REFERENCES p (code));
