INSERT INTO owner VALUES (1, 'ann'), (2, 'bob');
INSERT INTO cat VALUES (1, 'tom', NULL);
