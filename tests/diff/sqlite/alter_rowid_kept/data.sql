INSERT INTO note (rowid, body) VALUES (10, 'x'), (20, 'y');
