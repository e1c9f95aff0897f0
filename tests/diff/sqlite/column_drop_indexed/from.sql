CREATE TABLE cat (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER, color TEXT);
CREATE INDEX cat_color ON cat (color);
