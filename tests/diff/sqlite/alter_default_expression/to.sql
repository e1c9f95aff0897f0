CREATE TABLE cat (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER, seen TEXT DEFAULT (strftime('%Y-%m-%d', 'now')));
