#!/bin/sh
# t8102-sqlalchemy: SQLAlchemy models as the schema source (issue 14):
# contrib/sqlalchemy's `python3 -m retort_sqlalchemy MODULE:ATTR` behind
# `schema = exec:...` with no schema.sql. A Flask-SQLAlchemy model with an
# enum shared by two tables, a partial index, a composite foreign key and a
# check constraint: `check` exits 3, `new --autogenerate`, `check` 0; a model
# change, `check` 3 until its migration exists; the database after upgrade
# equals the models, downgrade base and upgrade again too. SQLite,
# PostgreSQL and MariaDB (Debian's python3-sqlalchemy,
# python3-flask-sqlalchemy; the partial index is a plain one on MariaDB,
# which has none, and the enum a column type of each table).
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
PYTHONPATH=$T_ROOT/contrib/sqlalchemy
export PYTHONPATH
SRC="exec:$PY -m retort_sqlalchemy app.models:db.metadata"

models() {
	mkdir -p app
	: >app/__init__.py
	cat >app/models.py <<-'M'
	import enum
	import os

	from flask_sqlalchemy import SQLAlchemy

	db = SQLAlchemy()


	class Status(enum.Enum):
	    draft = "draft"
	    published = "published"
	    archived = "archived"


	# one enum type shared by two tables
	status = db.Enum(Status, name="status")


	class Author(db.Model):
	    __tablename__ = "author"
	    org = db.Column(db.Integer, primary_key=True)
	    num = db.Column(db.Integer, primary_key=True)
	    name = db.Column(db.String(80), nullable=False)
	    state = db.Column(status, nullable=False, server_default="draft")


	class Post(db.Model):
	    __tablename__ = "post"
	    id = db.Column(db.Integer, primary_key=True)
	    author_org = db.Column(db.Integer, nullable=False)
	    author_num = db.Column(db.Integer, nullable=False)
	    title = db.Column(db.String(200), nullable=False)
	    state = db.Column(status, nullable=False)
	    score = db.Column(db.Integer, nullable=False, server_default="0")
	    __table_args__ = (
	        db.ForeignKeyConstraint(
	            ["author_org", "author_num"], ["author.org", "author.num"],
	            name="post_author_fk", ondelete="CASCADE"),
	        db.CheckConstraint("score >= 0", name="post_score_check"),
	        db.Index("post_published_idx", "title",
	                 postgresql_where=db.text("state = 'published'"),
	                 sqlite_where=db.text("state = 'published'")),
	    )


	if os.environ.get("WITH_COMMENT"):
	    class Comment(db.Model):
	        __tablename__ = "comment"
	        id = db.Column(db.Integer, primary_key=True)
	        post_id = db.Column(db.Integer, db.ForeignKey("post.id"),
	                            nullable=False)
	        body = db.Column(db.Text, nullable=False)
	M
	printf 'schema = %s\n' "$SRC" >retort.conf
}

t_case "the provider: Debian's SQLAlchemy and Flask-SQLAlchemy are there"
if ! $PY -c 'import sqlalchemy, flask_sqlalchemy' 2>/dev/null; then
	t_fail "$PY lacks sqlalchemy or flask_sqlalchemy: run scripts/deps.sh"
	t_done
	exit 1
fi

t_case "the DDL: enum type once, model class comments, dependency order"
models
$PY -m retort_sqlalchemy app.models:db.metadata --dialect postgresql >pg.sql 2>err
t_eq "$?" "0" "exit status (stderr: $(cat err))"
t_eq "$(grep -c 'CREATE TYPE status' pg.sql)" "1" "CREATE TYPE status count"
t_file_has pg.sql "^-- table author: model app.models.Author"
t_file_has pg.sql "^-- table post: model app.models.Post"
t_file_has pg.sql "WHERE state = 'published'"
t_file_has pg.sql "FOREIGN KEY(author_org, author_num) REFERENCES author (org, num)"
t_file_has pg.sql "CHECK (score >= 0)"
# author before post, the type before both
t_eq "$(grep -n -e 'CREATE TYPE' -e 'CREATE TABLE' pg.sql | cut -d: -f2-)" \
	"CREATE TYPE status AS ENUM ('draft', 'published', 'archived');
CREATE TABLE author (
CREATE TABLE post (" "statement order"
# the dialect retort names in $RETORT_DIALECT, else an error
RETORT_DIALECT=sqlite $PY -m retort_sqlalchemy app.models:db.metadata >lite.sql
t_file_lacks lite.sql "CREATE TYPE"
t_file_has lite.sql "for sqlite"
# MySQL: the enum is each column's type, the partial index a plain one
RETORT_DIALECT=mysql $PY -m retort_sqlalchemy app.models:db.metadata >my.sql
t_file_lacks my.sql "CREATE TYPE"
t_eq "$(grep -c "ENUM('draft','published','archived')" my.sql)" "2" \
	"columns of the enum type (MySQL)"
t_file_has my.sql "CREATE INDEX post_published_idx ON post (title)"
$PY -m retort_sqlalchemy app.models:db.metadata >/dev/null 2>err
t_eq "$?" "2" "exit status without a dialect"
t_file_has err "no dialect"

t_case "models as the source: check 3, new --autogenerate, check 0, upgrade"
models
[ -e schema.sql ] && t_fail "schema.sql exists"
rt check
t_status 3
t_out_has "post"
rt new create_blog --autogenerate
t_status 0
rt check
t_status 0
rt upgrade
t_status 0
rt diff --from "$(t_url)" --to "$SRC"
t_status 0
t_eq "$OUT" "" "the database equals the models"
# the check constraint and the composite key hold in the database
t_query "INSERT INTO author (org, num, name) VALUES (1, 1, 'a')" >/dev/null
t_query "INSERT INTO post (author_org, author_num, title, state, score)
	VALUES (1, 2, 't', 'draft', 0)" >/dev/null 2>&1
[ "$RT_BACKEND" != sqlite ] &&
	t_eq "$(t_query "SELECT count(*) FROM post")" "0" "foreign key enforced"
t_query "INSERT INTO post (author_org, author_num, title, state, score)
	VALUES (1, 1, 't', 'draft', -1)" >/dev/null 2>&1
t_eq "$(t_query "SELECT count(*) FROM post WHERE score < 0")" "0" \
	"check enforced"

t_case "a model change: check 3 until its migration exists, then 0"
models
rt new create_blog --autogenerate
t_status 0
rt upgrade
t_status 0
WITH_COMMENT=1
export WITH_COMMENT
rt check
t_status 3
t_out_has "comment"
sleep 1 # ids are seconds
rt new add_comment --autogenerate
t_status 0
t_file_has migrations/*_add_comment.sql "comment"
rt check
t_status 0
rt upgrade
t_status 0
rt downgrade base
t_status 0
rt upgrade
t_status 0
rt diff --from "$(t_url)" --to "$SRC"
t_status 0
t_eq "$OUT" "" "the database equals the changed models"
unset WITH_COMMENT

t_case "a model that does not import: the error shows Python's reason"
models
rt check --schema "exec:$PY -m retort_sqlalchemy app.models:nothing"
t_status 1
t_err_has "has no attribute 'nothing'"
echo "import no_such_module_here" >>app/models.py
rt check
t_status 1
t_err_has "exited with status 1"
t_err_has "no_such_module_here"
t_eq "$(ls migrations)" "" "nothing written"

t_done
