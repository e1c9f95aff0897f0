CREATE TABLE t (a int(5) unsigned zerofill, b tinyint unsigned NOT NULL DEFAULT 1);
