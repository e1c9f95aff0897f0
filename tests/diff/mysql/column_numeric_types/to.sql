CREATE TABLE t (a double, b float, c decimal(12,4), d smallint, e bit(8) DEFAULT b'11');
