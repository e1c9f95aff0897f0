CREATE TABLE k (id integer);
CREATE TABLE r (region text NOT NULL, n integer) PARTITION BY LIST (region);
CREATE TABLE r_eu PARTITION OF r FOR VALUES IN ('de', 'fr');
CREATE TABLE r_other PARTITION OF r DEFAULT;
