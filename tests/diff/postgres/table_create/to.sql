CREATE TABLE a (id integer PRIMARY KEY);
CREATE TABLE b (id bigint NOT NULL, name text DEFAULT 'x', created timestamptz DEFAULT now());
