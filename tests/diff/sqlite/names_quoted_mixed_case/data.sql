INSERT INTO "Cat" VALUES (1, 'Tom Cat');
