INSERT INTO cat VALUES (1, 'tom', 3), (2, 'kit', 5);
