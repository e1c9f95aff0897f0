CREATE TABLE note (body TEXT);
