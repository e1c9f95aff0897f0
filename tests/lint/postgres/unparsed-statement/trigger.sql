-- retort:up
SELEC 1;
