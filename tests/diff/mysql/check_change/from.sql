CREATE TABLE t (a int, CONSTRAINT a_pos CHECK (a > 0));
