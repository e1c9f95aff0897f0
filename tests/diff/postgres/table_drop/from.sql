CREATE TABLE a (id integer PRIMARY KEY);
CREATE TABLE gone (id integer, note text);
