CREATE TABLE cat (id INTEGER PRIMARY KEY, name TEXT NOT NULL, loud TEXT AS (upper(name)));
