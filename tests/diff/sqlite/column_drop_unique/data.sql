INSERT INTO cat VALUES (1, 'tom', 3, 'x1'), (2, 'kit', 1, 'x2');
