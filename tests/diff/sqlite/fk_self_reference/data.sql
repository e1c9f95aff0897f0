INSERT INTO cat VALUES (1, 'mum', NULL), (2, 'kit', 1);
