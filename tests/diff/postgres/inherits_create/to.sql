CREATE TABLE base (id integer, created timestamptz DEFAULT now());
CREATE TABLE child (extra text) INHERITS (base);
