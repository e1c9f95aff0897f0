-- retort:up
CREATE DATABASE IF NOT EXISTS reports;
