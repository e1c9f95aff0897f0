CREATE TABLE t (a int, b varbinary(16), c blob, d binary(4) DEFAULT 'ab');
