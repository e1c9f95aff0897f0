CREATE TABLE t (id serial, big bigserial, v text);
