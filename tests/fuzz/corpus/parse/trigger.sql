-- retort:up transaction=false
CREATE TRIGGER x AFTER INSERT ON a BEGIN SELECT 1; END;
/* c */ SELECT ';';
-- retort:down
