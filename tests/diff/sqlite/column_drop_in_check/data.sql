INSERT INTO cat VALUES (1, 'tom', 3, 9);
