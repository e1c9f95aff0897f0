CREATE TABLE p (id integer CONSTRAINT p_pk PRIMARY KEY);
CREATE TABLE t (a integer CONSTRAINT a_pos CHECK (a > 0), b text CONSTRAINT t_b_uq UNIQUE, p_id integer CONSTRAINT t_p_fk REFERENCES p);
