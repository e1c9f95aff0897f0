-- retort:up transaction=false
VACUUM accounts;
