CREATE TABLE t (a datetime(6), b time(3) NOT NULL DEFAULT '00:00:01.000');
