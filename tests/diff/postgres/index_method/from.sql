CREATE TABLE t (doc jsonb, ts timestamptz, h text);
