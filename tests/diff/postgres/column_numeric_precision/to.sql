CREATE TABLE t (price numeric(12,4), ratio double precision);
