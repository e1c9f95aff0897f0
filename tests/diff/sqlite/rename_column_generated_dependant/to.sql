CREATE TABLE cat (id INTEGER PRIMARY KEY, title TEXT NOT NULL, loud TEXT AS (upper(title)));
