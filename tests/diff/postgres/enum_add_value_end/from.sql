CREATE TYPE s AS ENUM ('new', 'open');
CREATE TABLE t (s s);
