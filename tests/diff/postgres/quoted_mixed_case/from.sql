CREATE TABLE "Account" ("Id" integer PRIMARY KEY);
