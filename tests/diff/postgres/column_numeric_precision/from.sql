CREATE TABLE t (price numeric(8,2), ratio real);
