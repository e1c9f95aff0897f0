CREATE TYPE s AS ENUM ('low', 'mid', 'high');
CREATE TABLE t (s s);
