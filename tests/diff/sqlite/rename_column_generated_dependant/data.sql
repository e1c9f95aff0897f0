INSERT INTO cat (id, name) VALUES (1, 'tom');
