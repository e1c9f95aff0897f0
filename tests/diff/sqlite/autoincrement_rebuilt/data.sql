INSERT INTO cat (name) VALUES ('a'), ('b'), ('c');
DELETE FROM cat WHERE id = 3;
