-- retort:up
CREATE TABLE accounts (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name varchar(50),
  bio text,
  n int,
  owner_id int
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE owners (id int PRIMARY KEY);
