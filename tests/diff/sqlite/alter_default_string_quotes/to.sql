CREATE TABLE cat (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'it''s; -- not a comment', age INTEGER);
