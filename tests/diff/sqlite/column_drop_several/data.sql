INSERT INTO cat VALUES (1, 'a', 'tom', 'b', 3, 'c');
