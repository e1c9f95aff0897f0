CREATE TABLE t (id int) COMMENT 'new ''one''';
