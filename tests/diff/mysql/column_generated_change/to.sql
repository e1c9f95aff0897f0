CREATE TABLE t (a int, g int AS (a + 2) VIRTUAL);
