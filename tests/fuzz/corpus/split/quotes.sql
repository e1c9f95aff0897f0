DO $x$ BEGIN END $x$; SELECT E'a\'b'; /* /* */ */ SELECT [a;b], `c;d`;
