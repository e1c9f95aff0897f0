CREATE DOMAIN even AS integer;
CREATE TABLE t (x integer, e even);
