CREATE TABLE cat (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER);
CREATE VIEW cat_ages (cat, years) AS SELECT name, age FROM cat;
