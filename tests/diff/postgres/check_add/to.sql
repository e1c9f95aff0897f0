CREATE TABLE t (price numeric CHECK (price > 0), qty integer, CONSTRAINT qty_positive CHECK (qty >= 0));
