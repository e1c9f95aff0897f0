CREATE TABLE node (id integer PRIMARY KEY, parent integer REFERENCES node (id) ON DELETE CASCADE);
