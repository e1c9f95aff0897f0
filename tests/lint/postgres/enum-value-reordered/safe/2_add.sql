-- retort:up
ALTER TYPE size ADD VALUE 'huge' AFTER 'large';
