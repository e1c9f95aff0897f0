CREATE TYPE s AS ENUM ('a', 'b', 'c');
CREATE TABLE t (s s);
