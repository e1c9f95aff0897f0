CREATE TABLE cat (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER, CHECK (age >= 0), CHECK (name <> ''));
