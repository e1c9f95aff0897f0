CREATE TABLE t (a float, b double, c decimal(5,2), d tinyint(1), e bit(3) DEFAULT b'101');
