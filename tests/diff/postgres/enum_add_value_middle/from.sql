CREATE TYPE s AS ENUM ('a', 'c');
CREATE TABLE t (s s);
