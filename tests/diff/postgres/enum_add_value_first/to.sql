CREATE TYPE s AS ENUM ('z', 'a', 'b', 'c');
CREATE TABLE t (s s);
