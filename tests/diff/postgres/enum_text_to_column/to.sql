CREATE TYPE st AS ENUM ('a', 'b');
CREATE TABLE t (s st);
