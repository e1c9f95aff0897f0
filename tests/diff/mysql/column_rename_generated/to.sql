CREATE TABLE t (b int, g int AS (b + 1) VIRTUAL);
