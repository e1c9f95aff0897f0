-- the cat table
create table cat (
  id integer primary key, -- rowid
  name text not null, /* required */
  age integer,
  color text
);
