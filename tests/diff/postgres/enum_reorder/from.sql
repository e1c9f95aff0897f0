CREATE TYPE s AS ENUM ('low', 'high', 'mid');
CREATE TABLE t (s s);
