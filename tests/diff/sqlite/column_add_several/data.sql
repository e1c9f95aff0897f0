INSERT INTO cat (id, name, age) VALUES (1, 'tom', 3), (2, 'felix', NULL), (7, 'o''malley', 12);
