CREATE TABLE city (name text, country text);
