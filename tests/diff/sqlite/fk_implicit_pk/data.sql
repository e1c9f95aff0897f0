INSERT INTO owner VALUES (1, 'ann'), (2, 'bob');
INSERT INTO cat VALUES (1, 'tom', 1), (2, 'kit', 2), (3, 'stray', NULL);
