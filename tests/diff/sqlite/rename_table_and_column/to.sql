CREATE TABLE feline (id INTEGER PRIMARY KEY, title TEXT NOT NULL, age INTEGER);
CREATE INDEX cat_name ON feline (title);
