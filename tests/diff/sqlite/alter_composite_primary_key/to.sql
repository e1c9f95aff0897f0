CREATE TABLE visit (cat_id INTEGER, day TEXT, note TEXT, PRIMARY KEY (cat_id, day));
