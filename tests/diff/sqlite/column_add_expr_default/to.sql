CREATE TABLE cat (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER, born TEXT DEFAULT (datetime('now', 'start of day')));
