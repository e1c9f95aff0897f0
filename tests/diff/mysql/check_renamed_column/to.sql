CREATE TABLE t (b int, CONSTRAINT a_pos CHECK (b > 0));
