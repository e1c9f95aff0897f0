INSERT INTO "order" VALUES (1, 'here');
