CREATE TABLE `odd name` (`col``x` int, `Sel ect` varchar(5) DEFAULT 'a''b', KEY `k-1` (`Sel ect`));
