CREATE TABLE t (id int PRIMARY KEY, p point NOT NULL, SPATIAL KEY p_sp (p));
