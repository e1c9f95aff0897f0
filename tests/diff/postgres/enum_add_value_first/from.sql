CREATE TYPE s AS ENUM ('b', 'c');
CREATE TABLE t (s s);
