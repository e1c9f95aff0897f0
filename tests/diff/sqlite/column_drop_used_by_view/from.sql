CREATE TABLE cat (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER, color TEXT);
CREATE VIEW red_cats AS SELECT name, color FROM cat WHERE color = 'red';
