-- retort:up transaction=false
VACUUM;
