CREATE TABLE t (e enum('it''s','b','c"d') DEFAULT 'it''s');
