CREATE TABLE t (id int PRIMARY KEY, s enum('a','b','c') NOT NULL DEFAULT 'b', f set('x','y'));
