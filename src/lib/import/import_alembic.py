# import_alembic.py: Alembic's own reading of an Alembic (or Flask-Migrate)
# project, for `retort import alembic` (import_alembic.c embeds this file
# and runs it as `python3 -c TEXT SRC DIALECT`). Alembic reads the
# revision graph (ScriptDirectory) and renders every revision's upgrade()
# and downgrade() in offline mode (as `alembic upgrade A:B --sql` does) on
# the project's own env.py, for DIALECT whatever sqlalchemy.url says.
#
# Output, on the standard output only (stray prints of env.py or the app
# go to standard error): records of fields `KEY LENGTH\nBYTES\n`, UTF-8:
#   table NAME, schema NAME             the version table env.py configures
#   label NAME, labelrev REV            a branch label and its revision
#   rev ID  (starts a revision)          then parent ID (0 or more),
#     name MESSAGE, file PATH, up SQL, down SQL, upnotx 1, downnotx 1,
#     fail REASON (up or down could not render offline)
#   fatal MESSAGE (the project could not be read; exit status 3)
# Revisions come parents first. Alembic's own version-table statements
# and its BEGIN/COMMIT are left out: retort keeps its own state and runs
# each migration in its own transaction.
import contextlib
import io
import os
import sys

OUT = os.fdopen(os.dup(1), "wb")
os.dup2(2, 1)
sys.stdout = sys.stderr

# retort's dialect names to SQLAlchemy's (a dialect-only URL: offline
# mode never connects)
DIALECTS = {"sqlite": "sqlite", "postgres": "postgresql", "mysql": "mysql"}


def emit(key, value):
    data = str(value).encode("utf-8")
    OUT.write(b"%s %d\n" % (key.encode("ascii"), len(data)))
    OUT.write(data)
    OUT.write(b"\n")


def fatal(message):
    emit("fatal", message)
    OUT.flush()
    sys.exit(3)


try:
    from alembic.config import Config
    from alembic.ddl.impl import DefaultImpl
    from alembic.runtime import migration as rt_migration
    from alembic.runtime.environment import EnvironmentContext
    from alembic.script import ScriptDirectory
    from sqlalchemy.schema import CreateTable, DropTable
    from sqlalchemy.sql.dml import UpdateBase
except ImportError as e:
    fatal("%s cannot import alembic (%s)" % (sys.executable, e))

# what the running render saw: the version table env.py names, whether
# the migration asked for an autocommit block
STATE = {"table": "alembic_version", "schema": None, "dialect": None,
         "notx": False}


def is_version_stmt(construct):
    if isinstance(construct, (CreateTable, DropTable)):
        table = construct.element
    elif isinstance(construct, UpdateBase):
        table = getattr(construct, "table", None)
    else:
        return False
    return (table is not None and getattr(table, "name", None) ==
            STATE["table"] and getattr(table, "schema", None) ==
            STATE["schema"])


_exec = DefaultImpl._exec


def quiet_exec(self, construct, *args, **kwargs):
    if self.as_sql and is_version_stmt(construct):
        return None
    return _exec(self, construct, *args, **kwargs)


def no_output(self):
    return None


def all_impls(cls):
    yield cls
    for sub in cls.__subclasses__():
        yield from all_impls(sub)


for impl in list(all_impls(DefaultImpl)):
    if "_exec" in impl.__dict__ or impl is DefaultImpl:
        impl._exec = quiet_exec
    impl.emit_begin = no_output
    impl.emit_commit = no_output


@contextlib.contextmanager
def autocommit_block(self):
    # offline, Alembic writes COMMIT / BEGIN around the block; retort
    # runs the whole section outside a transaction instead
    STATE["notx"] = True
    yield


rt_migration.MigrationContext.autocommit_block = autocommit_block

_configure = EnvironmentContext.configure


def configure(self, *args, **kwargs):
    # the dialect of retort's URL, whatever env.py found in its config
    kwargs.pop("url", None)
    kwargs.pop("connection", None)
    kwargs["dialect_name"] = STATE["dialect"]
    if kwargs.get("version_table"):
        STATE["table"] = kwargs["version_table"]
    if kwargs.get("version_table_schema"):
        STATE["schema"] = kwargs["version_table_schema"]
    return _configure(self, *args, **kwargs)


EnvironmentContext.configure = configure


def render(cfg, script, sc, upgrade):
    buf = io.StringIO()
    cfg.output_buffer = buf
    STATE["notx"] = False
    step = (rt_migration.MigrationStep.upgrade_from_script if upgrade
            else rt_migration.MigrationStep.downgrade_from_script)

    def fn(heads, context):
        return [step(script.revision_map, sc)]

    # the heads before the step, as `alembic upgrade A:B --sql` starts
    # from A: Alembic keeps its (left out) version rows consistent
    if upgrade:
        start = tuple(sc._versioned_down_revisions) or None
    else:
        start = sc.revision
    with EnvironmentContext(cfg, script, fn=fn, as_sql=True,
                            starting_rev=start,
                            destination_rev=sc.revision):
        script.run_env()
    return buf.getvalue(), STATE["notx"]


def describe(e):
    text = str(e).strip().splitlines()
    text = text[0] if text else ""
    return "%s: %s" % (type(e).__name__, text) if text else type(e).__name__


def uses_flask(script_dir):
    try:
        with open(os.path.join(script_dir, "env.py"), encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return False
    return "current_app" in text


def flask_app(root):
    try:
        from flask.cli import ScriptInfo, load_dotenv
    except ImportError as e:
        fatal("env.py uses Flask's current_app but %s cannot import flask "
              "(%s)" % (sys.executable, e))
    # as the flask command: .flaskenv/.env (with python-dotenv), then
    # FLASK_APP, else wsgi.py or app.py in the app's folder
    load_dotenv()
    try:
        return ScriptInfo(app_import_path=os.environ.get("FLASK_APP")) \
            .load_app()
    except Exception as e:
        fatal("could not load the Flask app from '%s' as `flask db` "
              "does (FLASK_APP, else wsgi.py or app.py): %s"
              % (root, describe(e)))


def rel(path, base):
    try:
        r = os.path.relpath(path, base)
    except ValueError:
        return path
    return path if r.startswith("..") else r


def main():
    if len(sys.argv) != 3:
        fatal("usage: import_alembic.py SRC DIALECT")
    src, dialect = sys.argv[1], sys.argv[2]
    if dialect not in DIALECTS:
        fatal("no SQLAlchemy dialect for '%s'" % dialect)
    STATE["dialect"] = DIALECTS[dialect]
    start = os.getcwd()
    src_abs = os.path.abspath(src)
    ini = os.path.join(src_abs, "alembic.ini")
    if not os.path.isfile(ini):
        fatal("'%s' holds no alembic.ini" % src)
    cfg = Config(ini)
    app = None
    location = cfg.get_main_option("script_location")
    if location:
        # alembic runs from the folder of alembic.ini: script_location
        # and prepend_sys_path are relative to it
        os.chdir(src_abs)
        script_dir = os.path.abspath(location)
    else:
        # Flask-Migrate: migrations/alembic.ini names no script location,
        # the folder itself is one, and `flask db` runs from the app's
        # folder above it
        cfg.set_main_option("script_location", src_abs)
        script_dir = src_abs
    if uses_flask(script_dir):
        root = os.path.dirname(src_abs)
        os.chdir(root)
        if root not in sys.path:
            sys.path.insert(0, root)
        app = flask_app(root)
    with (app.app_context() if app else contextlib.nullcontext()):
        try:
            script = ScriptDirectory.from_config(cfg)
            revisions = list(script.walk_revisions("base", "heads"))
        except Exception as e:
            fatal("alembic could not read the revisions of '%s': %s"
                  % (src, describe(e)))
        revisions.reverse()
        for sc in revisions:
            for label in sorted(getattr(sc, "_orig_branch_labels", ()) or ()):
                emit("label", label)
                emit("labelrev", sc.revision)
        rendered = []
        for sc in revisions:
            r = {"sc": sc}
            for upgrade in (True, False):
                try:
                    sql, notx = render(cfg, script, sc, upgrade)
                except SystemExit as e:
                    r["fail"] = "%s() exited (%s)" % (
                        "upgrade" if upgrade else "downgrade", e.code)
                    break
                except Exception as e:
                    r["fail"] = "%s() cannot run offline: %s" % (
                        "upgrade" if upgrade else "downgrade", describe(e))
                    break
                r["up" if upgrade else "down"] = sql
                r["upnotx" if upgrade else "downnotx"] = notx
            rendered.append(r)
        emit("table", STATE["table"])
        if STATE["schema"]:
            emit("schema", STATE["schema"])
        for r in rendered:
            sc = r["sc"]
            emit("rev", sc.revision)
            parents = list(sc._versioned_down_revisions)
            for dep in sc._all_down_revisions:
                if dep not in parents:
                    parents.append(dep)
            for p in parents:
                emit("parent", p)
            emit("name", (sc.doc or "").strip())
            emit("file", rel(sc.path, start))
            if "fail" in r:
                emit("fail", r["fail"])
                continue
            emit("up", r["up"])
            emit("down", r["down"])
            if r["upnotx"]:
                emit("upnotx", 1)
            if r["downnotx"]:
                emit("downnotx", 1)
    OUT.flush()


main()
