CREATE TYPE "Status" AS ENUM ('Open', 'Closed');
CREATE TABLE "Account" ("Id" integer PRIMARY KEY, "DisplayName" text NOT NULL, "State" "Status" DEFAULT 'Open');
CREATE INDEX "Account_DisplayName" ON "Account" ("DisplayName");
CREATE VIEW "OpenAccounts" AS SELECT "Id", "DisplayName" FROM "Account" WHERE "State" = 'Open';
