CREATE TABLE keep (id integer);
CREATE TABLE nothing ();
