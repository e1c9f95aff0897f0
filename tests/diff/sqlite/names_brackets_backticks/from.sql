CREATE TABLE [cat box] (`id` INTEGER PRIMARY KEY, [size] TEXT);
