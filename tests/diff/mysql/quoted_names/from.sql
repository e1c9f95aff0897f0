CREATE TABLE `odd name` (`col``x` int);
