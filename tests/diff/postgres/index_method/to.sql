CREATE TABLE t (doc jsonb, ts timestamptz, h text);
CREATE INDEX t_doc ON t USING gin (doc jsonb_path_ops);
CREATE INDEX t_ts ON t USING brin (ts);
CREATE INDEX t_h ON t USING hash (h);
