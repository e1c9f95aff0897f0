CREATE TABLE cat (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER);
CREATE TABLE log (at TEXT, what TEXT);
CREATE TRIGGER cat_log AFTER UPDATE OF name ON cat BEGIN INSERT INTO log VALUES (datetime('now'), old.name || ' -> ' || new.name); END;
