CREATE TYPE mood AS ENUM ('sad', 'happy', 'ecstatic');
CREATE TABLE a (id integer, m mood DEFAULT 'happy');
CREATE TABLE b (id integer, m mood NOT NULL);
