-- One of each thing the MySQL catalog reads (catalog_mysql.c).
CREATE TABLE parent (
  id bigint unsigned NOT NULL AUTO_INCREMENT,
  code char(3) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL,
  name varchar(40) NOT NULL DEFAULT 'it''s',
  score decimal(6,2) DEFAULT 0,
  flags bit(3) DEFAULT b'101',
  kind enum('a','b') NOT NULL DEFAULT 'a',
  doc json,
  body text,
  created timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  next_id bigint DEFAULT (score + 1),
  twice int AS (score * 2) VIRTUAL,
  name_len int AS (char_length(name)) STORED,
  secret int INVISIBLE COMMENT 'not in SELECT *',
  PRIMARY KEY (id),
  UNIQUE KEY code_u (code),
  KEY name_p (name(10), score DESC),
  FULLTEXT KEY body_ft (body),
  CONSTRAINT score_pos CHECK (score >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='the parent';
CREATE TABLE child (
  id int NOT NULL,
  parent_id bigint unsigned,
  PRIMARY KEY (id),
  CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE ON UPDATE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=latin1;
CREATE VIEW named AS SELECT p.id, p.name FROM parent p WHERE p.score > 1 WITH LOCAL CHECK OPTION;
CREATE TRIGGER child_bi BEFORE INSERT ON child FOR EACH ROW SET NEW.id = NEW.id + 0;
