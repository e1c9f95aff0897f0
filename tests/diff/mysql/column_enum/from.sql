CREATE TABLE t (id int PRIMARY KEY, s enum('a','b') NOT NULL DEFAULT 'a');
