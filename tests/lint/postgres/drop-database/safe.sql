-- retort:up transaction=false
CREATE DATABASE reports;
