CREATE TABLE n (id int PRIMARY KEY, up int);
