CREATE TABLE t (e enum('it''s','b'));
