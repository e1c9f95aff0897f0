CREATE TABLE parent (id integer PRIMARY KEY);
CREATE TABLE child (id integer, parent_id integer);
