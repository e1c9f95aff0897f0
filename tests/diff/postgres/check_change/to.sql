CREATE TABLE t (price numeric, CONSTRAINT price_ok CHECK (price > 10 AND price < 1000));
