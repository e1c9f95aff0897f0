CREATE TABLE p (id integer CONSTRAINT p_pkey PRIMARY KEY);
CREATE TABLE t (a integer CONSTRAINT a_positive CHECK (a > 0), b text CONSTRAINT "B unique" UNIQUE, p_id integer CONSTRAINT t_p_id_fkey REFERENCES p);
