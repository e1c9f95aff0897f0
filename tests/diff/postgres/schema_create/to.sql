CREATE TABLE t (id integer);
CREATE SCHEMA app;
CREATE TABLE app.t (id integer PRIMARY KEY);
CREATE TYPE app.kind AS ENUM ('x');
