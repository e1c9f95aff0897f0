CREATE TABLE t (email text);
CREATE UNIQUE INDEX t_email ON t (lower(email));
