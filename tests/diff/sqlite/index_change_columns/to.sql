CREATE TABLE cat (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER);
CREATE INDEX cat_name ON cat (name, age);
