CREATE SCHEMA old;
CREATE TABLE old.t (id integer);
CREATE VIEW old.v AS SELECT id FROM old.t;
