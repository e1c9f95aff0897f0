CREATE SCHEMA ref;
CREATE TABLE ref.country (code text PRIMARY KEY);
CREATE TABLE city (name text, country text REFERENCES ref.country);
