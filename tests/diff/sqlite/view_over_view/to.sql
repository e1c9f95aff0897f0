CREATE TABLE cat (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age REAL);
CREATE VIEW grown AS SELECT id, name FROM cat WHERE age >= 1;
CREATE VIEW grown_names AS SELECT name FROM grown;
