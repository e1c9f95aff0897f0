CREATE TABLE base (id integer, created timestamptz DEFAULT now());
