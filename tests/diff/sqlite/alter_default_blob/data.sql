INSERT INTO cat VALUES (1, 'tom', 3, x'0102');
