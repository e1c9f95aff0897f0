CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE c (id int, p_id int, CONSTRAINT c_p FOREIGN KEY (p_id) REFERENCES parent (id));
