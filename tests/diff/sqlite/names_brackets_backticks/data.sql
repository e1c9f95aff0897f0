INSERT INTO [cat box] VALUES (1, '3');
