CREATE TABLE t (a int, g int AS (a + 1) VIRTUAL);
