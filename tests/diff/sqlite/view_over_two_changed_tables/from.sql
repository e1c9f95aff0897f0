CREATE TABLE cat (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER);
CREATE TABLE toy (id INTEGER PRIMARY KEY, cat_id INTEGER, label TEXT);
CREATE VIEW cat_toys AS SELECT c.name, t.label FROM cat c JOIN toy t ON t.cat_id = c.id;
