CREATE TABLE c (p_id int, KEY c_p (p_id));
