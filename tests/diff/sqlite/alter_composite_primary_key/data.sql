INSERT INTO visit VALUES (1, 'mon', 'ok'), (1, 'tue', NULL);
