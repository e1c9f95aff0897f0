CREATE TABLE t (at timestamp DEFAULT now());
