CREATE TABLE t (a int, g int AS (a * 10) VIRTUAL, KEY g_i (g));
