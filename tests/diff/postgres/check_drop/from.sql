CREATE TABLE t (price numeric CHECK (price > 0), CONSTRAINT two CHECK (price <> 2));
