CREATE TABLE "T" ("New Name" text);
