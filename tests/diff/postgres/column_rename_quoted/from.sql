CREATE TABLE "T" ("Old Name" text);
