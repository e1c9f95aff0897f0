-- retort:up transaction=false
ANALYZE;
