INSERT INTO cat VALUES (1, 'tom', 3, 'red'), (2, 'kit', NULL, NULL);
