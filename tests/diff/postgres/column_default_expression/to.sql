CREATE TABLE t (id integer, at timestamptz DEFAULT (now() + interval '1 day'), u text DEFAULT lower(md5(random()::text)), d date DEFAULT CURRENT_DATE);
