CREATE TABLE other (x integer);
