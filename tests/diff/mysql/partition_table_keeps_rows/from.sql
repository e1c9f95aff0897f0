CREATE TABLE t (id int NOT NULL, at date NOT NULL, PRIMARY KEY (id));
