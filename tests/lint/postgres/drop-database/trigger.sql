-- retort:up transaction=false
DROP DATABASE old_reports;
