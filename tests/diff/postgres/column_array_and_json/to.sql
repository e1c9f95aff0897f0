CREATE TABLE t (id integer, tags varchar(20)[], doc jsonb DEFAULT '{}'::jsonb, grid integer[][]);
