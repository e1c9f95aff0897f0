CREATE TABLE cat (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER, shout TEXT AS (upper(name)));
