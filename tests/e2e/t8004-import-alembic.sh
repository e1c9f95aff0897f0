#!/bin/sh
# t8004-import-alembic: `retort import alembic` on projects the real
# Alembic (Debian python3-alembic, scripts/deps.sh) and Flask-Migrate
# (python3-flask-migrate, through `flask db init/migrate/upgrade`)
# applied part way: an Alembic project with two branches (one with a
# branch label), a merge revision, a PostgreSQL enum shared by two tables
# and a data migration (bulk_insert, UPDATE). After the import, status
# lists exactly the revisions Alembic had not applied, upgrade reaches
# the catalog Alembic reaches on a second database, the diff between the
# imported directory and the database is empty, downgrade base then
# upgrade gives the same catalog, and alembic_version is unchanged. A
# revision that reads rows through the connection is reported by name
# and nothing is written. SQLite, PostgreSQL and MariaDB (a TEXT column
# cannot be a key there without a prefix: the keyed columns are VARCHAR).
. "$(dirname "$0")/lib.sh"

# Debian's python has alembic; pyenv's python3 on PATH may not
PY=/usr/bin/python3
RETORT_PYTHON=$PY
export RETORT_PYTHON
if ! $PY -c 'import alembic, flask_migrate' >/dev/null 2>&1; then
	echo "# skip: $PY lacks alembic or flask_migrate (scripts/deps.sh" \
		"installs python3-alembic and python3-flask-migrate)"
	echo "$T_NAME ($RT_BACKEND): 0 passed, 0 failed, 1 skipped"
	exit 0
fi
[ "$RT_BACKEND" = postgres ] && ! $PY -c 'import psycopg2' 2>/dev/null &&
	{ echo "# skip: $PY lacks psycopg2 (python3-psycopg2)"
	  echo "$T_NAME ($RT_BACKEND): 0 passed, 0 failed, 1 skipped"; exit 0; }
[ "$RT_BACKEND" = mysql ] && ! $PY -c 'import pymysql' 2>/dev/null &&
	{ echo "# skip: $PY lacks pymysql (python3-pymysql)"
	  echo "$T_NAME ($RT_BACKEND): 0 passed, 0 failed, 1 skipped"; exit 0; }

# The reference database a case fully upgrades with Alembic: a second
# database on the server, or ref.db beside the case's.
REF_DB=""
ref_url() {
	if [ "$RT_BACKEND" = postgres ]; then
		printf '%s\n' "$(t_pg_url_for "${T_PG_DB}_ref")"
	elif [ "$RT_BACKEND" = mysql ]; then
		printf '%s\n' "$(t_pg_url_for "${T_MY_DB}_ref")"
	else
		printf 'sqlite:%s\n' "$T_CASE_DIR/ref.db"
	fi
}
new_ref() {
	drop_ref
	if [ "$RT_BACKEND" = postgres ]; then
		REF_DB="${T_PG_DB}_ref"
		psql -qX "$RT_PG_URL" -c "SET client_min_messages = warning" \
			-c "DROP DATABASE IF EXISTS \"$REF_DB\" WITH (FORCE)" \
			-c "CREATE DATABASE \"$REF_DB\"" >/dev/null
	elif [ "$RT_BACKEND" = mysql ]; then
		REF_DB="${T_MY_DB}_ref"
		t_my "$RT_MYSQL_URL" -e "DROP DATABASE IF EXISTS \`$REF_DB\`;
			CREATE DATABASE \`$REF_DB\`" >/dev/null
	fi
}
drop_ref() {
	[ -n "$REF_DB" ] || return 0
	if [ "$RT_BACKEND" = mysql ]; then
		t_my "$RT_MYSQL_URL" -e "DROP DATABASE IF EXISTS \`$REF_DB\`" \
			>/dev/null 2>&1
		REF_DB=""
		return 0
	fi
	psql -qX "$RT_PG_URL" -c "DROP DATABASE IF EXISTS \"$REF_DB\" WITH (FORCE)" \
		>/dev/null 2>&1
	REF_DB=""
}
trap 'drop_ref; t_drop_db; rm -rf "$T_DIR"' EXIT

# A retort URL as SQLAlchemy spells it
sa_url() {
	case "$1" in
	postgres://*) printf 'postgresql://%s\n' "${1#postgres://}" ;;
	sqlite:/*) printf 'sqlite:///%s\n' "${1#sqlite:}" ;;
	mysql://* | mariadb://*) printf 'mysql+pymysql://%s\n' "${1#*://}" ;;
	*) printf '%s\n' "$1" ;;
	esac
}

# alembic ARGS... in project $AP, against URL $DB_FOR_ALEMBIC
alembic_run() {
	sed -i "s|^sqlalchemy.url = .*|sqlalchemy.url = $(sa_url "$DB_FOR_ALEMBIC")|" \
		"$AP/alembic.ini"
	(cd "$AP" && $PY -m alembic "$@") >"$T_CASE_DIR/.alembic" 2>&1 ||
		t_fail "alembic $*: $(cat "$T_CASE_DIR/.alembic")"
}

# `retort dump` of URL $1 into $OUT, blanks squeezed: SQLite keeps each
# CREATE statement's text as written, and Alembic's offline SQL indents
# with spaces where its online DDL has tabs
catalog() {
	rt -u "$1" dump
	t_status 0
	OUT=$(printf '%s\n' "$OUT" | tr '\t' ' ' | tr -s ' ')
}

# The revision ids (the slug's first word) of the pending revisions in
# the last `rt status`, space-ended
pending() {
	printf '%s\n' "$OUT" |
		sed -n 's/^ *pending  *[0-9]*_v\{0,1\}\([0-9a-z]*\)_.*/\1/p' |
		tr '\n' ' '
}

# alembic_project DIR: an Alembic project (alembic init) of six
# revisions: a1 users (enum mood) <- b1 posts (mood shared; branch label
# 'feature') and a1 <- c1 users.email + index; d1 merges b1 and c1; e1
# data (bulk_insert, UPDATE); f1 tags (on PostgreSQL with an index built
# CONCURRENTLY in an autocommit block). Portable: the shared enum is
# PostgreSQL's type there and a plain Enum column elsewhere.
alembic_project() {
	mkdir -p "$1" && (cd "$1" && $PY -m alembic init alembic >/dev/null) || return 1
	v=$1/alembic/versions
	cat >"$v/a1_users.py" <<'EOF'
"""create users

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = 'a1'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'users',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('name', sa.Text, nullable=False),
        sa.Column('mood', sa.Enum('happy', 'sad', name='mood')),
    )


def downgrade():
    op.drop_table('users')
    if op.get_context().dialect.name == 'postgresql':
        op.execute('DROP TYPE mood')
EOF
	cat >"$v/b1_posts.py" <<'EOF'
"""posts share the mood enum

Revision ID: b1
Revises: a1
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = 'b1'
down_revision = 'a1'
branch_labels = ('feature',)
depends_on = None


def upgrade():
    if op.get_context().dialect.name == 'postgresql':
        mood = postgresql.ENUM('happy', 'sad', name='mood', create_type=False)
    else:
        mood = sa.Enum('happy', 'sad', name='mood')
    op.create_table(
        'posts',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('user_id', sa.Integer, sa.ForeignKey('users.id')),
        sa.Column('mood', mood),
    )


def downgrade():
    op.drop_table('posts')
EOF
	cat >"$v/c1_email.py" <<'EOF'
"""users get an email

Revision ID: c1
Revises: a1
"""
from alembic import op
import sqlalchemy as sa

revision = 'c1'
down_revision = 'a1'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('users', sa.Column('email', sa.String(255)))
    op.create_index('users_email', 'users', ['email'])


def downgrade():
    op.drop_index('users_email', table_name='users')
    op.drop_column('users', 'email')
EOF
	cat >"$v/d1_merge.py" <<'EOF'
"""merge feature and email

Revision ID: d1
Revises: b1, c1
"""
revision = 'd1'
down_revision = ('b1', 'c1')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
EOF
	cat >"$v/e1_data.py" <<'EOF'
"""seed and fix moods

Revision ID: e1
Revises: d1
"""
from alembic import op
import sqlalchemy as sa

revision = 'e1'
down_revision = 'd1'
branch_labels = None
depends_on = None


def upgrade():
    users = sa.table('users', sa.column('id', sa.Integer),
                     sa.column('name', sa.Text), sa.column('email', sa.Text))
    op.bulk_insert(users, [
        {'id': 1, 'name': 'ada', 'email': 'ada@example.com'},
        {'id': 2, 'name': "o'brien", 'email': None},
    ])
    op.execute("UPDATE users SET mood = 'happy' WHERE mood IS NULL")


def downgrade():
    op.execute("DELETE FROM users WHERE id IN (1, 2)")
EOF
	cat >"$v/f1_tags.py" <<'EOF'
"""tags

Revision ID: f1
Revises: e1
"""
from alembic import op
import sqlalchemy as sa

revision = 'f1'
down_revision = 'e1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('tags', sa.Column('name', sa.String(100), primary_key=True))
    if op.get_context().dialect.name == 'postgresql':
        with op.get_context().autocommit_block():
            op.create_index('tags_lower', 'tags', [sa.text('lower(name)')],
                            postgresql_concurrently=True)


def downgrade():
    op.drop_table('tags')
EOF
}

# The import of project $AP into the case's database, Alembic having
# applied it part way (alembic_version as it is), then everything the
# brief asks: $1 the pending revision ids, space-ended ("" when none).
check_import() {
	before=$(t_query "SELECT version_num FROM alembic_version ORDER BY 1")
	rt -u "$(t_url)" import alembic "$AP"
	t_status 0
	t_out_has "imported alembic '$AP' into 'migrations': 6 migrations"
	t_eq "$(ls migrations | wc -l)" 6 "files written"
	rt status
	if [ -n "$1" ]; then
		t_status 3
	else
		t_status 0
	fi
	t_eq "$(pending)" "$1" "pending after import"
	# the second database, fully upgraded by Alembic itself
	new_ref
	DB_FOR_ALEMBIC=$(ref_url)
	alembic_run upgrade heads
	catalog "$(ref_url)"
	want=$OUT
	rt upgrade
	t_status 0
	rt status
	t_status 0
	catalog "$(t_url)"
	t_eq "$OUT" "$want" "catalog after upgrade = Alembic's"
	rt diff --dev-url "$(t_url)" --from "$(ref_url)" --to "$(t_url)"
	t_status 0
	t_eq "$OUT" "" "diff between Alembic's database and retort's"
	t_eq "$(t_query "SELECT name FROM users ORDER BY id" | tr '\n' ' ')" \
		"ada o'brien " "rows of the data migration"
	rt downgrade base
	t_status 0
	t_eq "$(t_tables)" "alembic_version" "tables after downgrade base"
	rt upgrade
	t_status 0
	catalog "$(t_url)"
	t_eq "$OUT" "$want" "catalog after downgrade base and upgrade"
	t_eq "$(t_query "SELECT version_num FROM alembic_version ORDER BY 1")" \
		"$before" "alembic_version unchanged"
	# the imported directory's head state is the database, less
	# Alembic's own table
	t_query "DROP TABLE alembic_version" >/dev/null
	rt diff --dev-url "$(t_url)" --from dir://migrations --to "$(t_url)"
	t_status 0
	t_eq "$OUT" "" "diff between the directory and the database"
	drop_ref
}

t_case "alembic applied one branch: the other, the merge and the rest pending"
AP=$T_CASE_DIR/proj
alembic_project "$AP"
DB_FOR_ALEMBIC=$(t_url)
alembic_run upgrade b1
check_import "c1 d1 e1 f1 "
f=$(ls migrations/*_d1_merge_feature_and_email.sql)
t_file_has "$f" "^-- retort:parent [0-9]*_b1_posts_share_the_mood_enum [0-9]*_c1_users_get_an_email$"
t_file_has "$f" "^-- imported from alembic: proj/alembic/versions/d1_merge.py (version d1, merge feature and email)"
t_file_lacks "$(ls migrations/*_a1_*.sql)" "alembic_version"
t_file_lacks "$(ls migrations/*_a1_*.sql)" "^BEGIN"
t_out_lacks "alembic_version"
if [ "$RT_BACKEND" = postgres ]; then
	# the enum is created once, by a1; b1 uses it
	t_eq "$(grep -l 'CREATE TYPE mood' migrations/*.sql | wc -l)" 1 \
		"files creating the enum"
	# Alembic's autocommit block: the section runs outside a transaction
	t_file_has "$(ls migrations/*_f1_tags.sql)" "^-- retort:up transaction=false$"
	t_file_has "$(ls migrations/*_f1_tags.sql)" "CREATE INDEX CONCURRENTLY tags_lower"
	t_file_lacks "$(ls migrations/*_f1_tags.sql)" "^COMMIT"
fi

t_case "alembic applied both branches (two heads in alembic_version)"
AP=$T_CASE_DIR/proj
alembic_project "$AP"
DB_FOR_ALEMBIC=$(t_url)
alembic_run upgrade b1
alembic_run upgrade c1
t_eq "$(t_query "SELECT count(*) FROM alembic_version")" 2 "alembic's heads"
check_import "d1 e1 f1 "

t_case "alembic applied everything: status is up to date"
AP=$T_CASE_DIR/proj
alembic_project "$AP"
DB_FOR_ALEMBIC=$(t_url)
alembic_run upgrade heads
check_import ""
t_eq "$(q "SELECT count(*) FROM retort_log WHERE event = 'import'")" 6 \
	"import rows in retort_log"

t_case "the dialect is the URL's, whatever alembic.ini says; dry run writes nothing"
AP=$T_CASE_DIR/proj
alembic_project "$AP"
DB_FOR_ALEMBIC=$(t_url)
alembic_run upgrade a1
# a URL nobody can reach: offline mode never connects
sed -i "s|^sqlalchemy.url = .*|sqlalchemy.url = mysql://nobody@192.0.2.1/none|" \
	"$AP/alembic.ini"
snap=$(t_dump)
rt -u "$(t_url)" import alembic "$AP" --dry-run
t_status 0
t_out_has "would import alembic"
t_out_has "applied "
t_out_has "dry run: nothing written"
t_eq "$(ls migrations | wc -l)" 0 "files after --dry-run"
t_eq "$(t_dump)" "$snap" "database after --dry-run"
rt -u "$(t_url)" import alembic "$AP"
t_status 0
if [ "$RT_BACKEND" = postgres ]; then
	t_file_has "$(ls migrations/*_a1_*.sql)" "CREATE TYPE mood AS ENUM"
else
	t_file_lacks "$(ls migrations/*_a1_*.sql)" "CREATE TYPE"
fi
rt -u "$(t_url)" import alembic "$AP"
t_status 1
t_err_has "'migrations' is not empty"

t_case "a revision that reads rows through the connection: named, nothing written"
AP=$T_CASE_DIR/proj
alembic_project "$AP"
cat >"$AP/alembic/versions/g1_backfill.py" <<'PYEOF'
"""backfill from rows

Revision ID: g1
Revises: f1
"""
from alembic import op
import sqlalchemy as sa

revision = 'g1'
down_revision = 'f1'
branch_labels = None
depends_on = None


def upgrade():
    conn = op.get_bind()
    for (uid,) in conn.execute(sa.text("SELECT id FROM users")).fetchall():
        op.execute("UPDATE users SET name = upper(name) WHERE id = %d" % uid)


def downgrade():
    pass
PYEOF
DB_FOR_ALEMBIC=$(t_url)
alembic_run upgrade e1
snap=$(t_dump)
rt -u "$(t_url)" import alembic "$AP"
t_status 1
t_err_has "1 revision cannot be rendered as SQL offline: 'g1'"
t_err_has "g1_backfill.py): upgrade() cannot run offline"
t_err_has "nothing was written"
t_eq "$(ls -A migrations | wc -l)" 0 "files after the refusal"
t_eq "$(t_dump)" "$snap" "database after the refusal"

t_case "no alembic.ini, no python with alembic: clear errors"
rt import alembic "$T_CASE_DIR"
t_status 1
t_err_has "holds no alembic.ini"
AP=$T_CASE_DIR/proj
alembic_project "$AP"
RETORT_PYTHON=$T_CASE_DIR/no-python rt import alembic "$AP"
t_status 1
t_err_has "could not run '$T_CASE_DIR/no-python'"
t_err_has "RETORT_PYTHON"
# a Flask-Migrate folder whose app cannot be found
mkdir fm
printf '[alembic]\n' >fm/alembic.ini
printf 'from flask import current_app\n' >fm/env.py
rt import alembic fm
t_status 1
t_err_has "alembic: could not load the Flask app from '$T_CASE_DIR'"
t_eq "$(ls -A migrations | wc -l)" 0 "files after the errors"

# A Flask-SQLAlchemy app whose migrations Flask-Migrate made and applied
flask_app() {
	cat >app.py <<'PYEOF'
import os
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from flask_migrate import Migrate

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["APP_DB"]
db = SQLAlchemy(app)
migrate = Migrate(app, db)


class User(db.Model):
    __tablename__ = "users"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False, unique=True)
PYEOF
}
flask_posts() {
	cat >>app.py <<'PYEOF'


class Post(db.Model):
    __tablename__ = "posts"
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    title = db.Column(db.String(200), nullable=False, index=True)
PYEOF
}
fl() {
	$PY -m flask "$@" >"$T_CASE_DIR/.flask" 2>&1 ||
		t_fail "flask $*: $(cat "$T_CASE_DIR/.flask")"
}

t_case "Flask-Migrate: flask db init/migrate/upgrade part way, then import"
rmdir migrations
flask_app
APP_DB=$(sa_url "$(t_url)")
export APP_DB
fl db init
fl db migrate -m "users"
fl db upgrade
first=$(t_query "SELECT version_num FROM alembic_version")
flask_posts
fl db migrate -m "posts"
before=$(t_query "SELECT version_num FROM alembic_version")
rt -u "$(t_url)" -d migrations.retort import alembic migrations
t_status 0
t_out_has "imported alembic 'migrations' into 'migrations.retort': 2 migrations, 1 applied"
printf '%s\n' "$OUT" | grep -q "applied [0-9]*_v\{0,1\}${first}_users " ||
	t_fail "not imported as applied: $first: $OUT"
t_file_has "$(ls migrations.retort/*_users.sql)" \
	"^-- imported from alembic: migrations/versions/${first}_users.py"
rt -d migrations.retort status
t_status 3
t_out_has "pending"
t_out_has "_posts"
rt -d migrations.retort upgrade
t_status 0
catalog "$(t_url)"
mine=$OUT
# what Flask-Migrate reaches on a second database
new_ref
APP_DB=$(sa_url "$(ref_url)") fl db upgrade
catalog "$(ref_url)"
t_eq "$mine" "$OUT" "catalog after upgrade = Flask-Migrate's"
rt diff --dev-url "$(t_url)" --from "$(ref_url)" --to "$(t_url)"
t_status 0
t_eq "$OUT" "" "diff between Flask-Migrate's database and retort's"
rt -d migrations.retort downgrade base
t_status 0
rt -d migrations.retort upgrade
t_status 0
catalog "$(t_url)"
t_eq "$OUT" "$mine" "catalog after downgrade base and upgrade"
t_eq "$(t_query "SELECT version_num FROM alembic_version")" "$before" \
	"alembic_version unchanged"
drop_ref
unset APP_DB

t_done
