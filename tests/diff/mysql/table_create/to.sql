CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY, n varchar(10) NOT NULL, UNIQUE KEY n_u (n), KEY n_i (n(4))) ENGINE=InnoDB COMMENT='bee';
