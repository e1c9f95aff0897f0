"""retort_sqlalchemy: the DDL of an SQLAlchemy MetaData, for retort.

retort reads a schema source `exec:COMMAND` from the command's standard
output; this module is such a command for SQLAlchemy (and Flask-SQLAlchemy)
models:

    python3 -m retort_sqlalchemy myapp.models:db.metadata --dialect postgresql

Everything is rendered by SQLAlchemy's own DDL compiler for the dialect
(CreateTable, CreateIndex, and on PostgreSQL CreateEnumType), so the schema
is the one `metadata.create_all()` would make, in dependency order, with:

- every named enum type created once, before the tables, however many
  tables share it (create_all on a mock engine creates it once per table);
- a comment naming the model class of each table (module.Class), or saying
  the table is a plain Table;
- foreign keys that close a cycle between tables added at the end with
  ALTER TABLE (SQLite, which cannot add them, keeps them inline: it does
  not check them when a table is created).

The dialect is --dialect, else $RETORT_DIALECT (retort sets it to the engine
reading the schema: sqlite, postgres, mysql), else an error.
"""

import importlib
import sys

from sqlalchemy import MetaData
from sqlalchemy.schema import (
    AddConstraint,
    CreateIndex,
    CreateTable,
    sort_tables_and_constraints,
)

__all__ = ["load_metadata", "render", "main"]

# retort's engine names and the usual aliases, to SQLAlchemy's dialects
DIALECTS = {
    "postgresql": "postgresql",
    "postgres": "postgresql",
    "sqlite": "sqlite",
    "mysql": "mysql",
    "mariadb": "mysql",
}


class UsageError(Exception):
    pass


def load_metadata(spec):
    """The MetaData named by "package.module:attr.attr" (a MetaData, or an
    object with a .metadata: a declarative base, a Flask-SQLAlchemy db)."""
    if ":" not in spec:
        raise UsageError(
            "'%s' names no object: expected MODULE:ATTRIBUTE, e.g. "
            "app.models:db.metadata" % spec
        )
    modname, _, attrs = spec.partition(":")
    try:
        obj = importlib.import_module(modname)
    except ImportError as e:
        raise UsageError(
            "cannot import '%s': %s (run from the project's folder, or "
            "set PYTHONPATH)" % (modname, e)
        )
    for name in attrs.split("."):
        try:
            obj = getattr(obj, name)
        except AttributeError:
            raise UsageError("'%s' has no attribute '%s'" % (spec, name))
    if not isinstance(obj, MetaData):
        obj = getattr(obj, "metadata", obj)
    if not isinstance(obj, MetaData):
        raise UsageError(
            "'%s' is a %s, not an SQLAlchemy MetaData"
            % (spec, type(obj).__name__)
        )
    return obj


def _registries():
    """Every live declarative registry (SQLAlchemy 1.4 and 2.x)."""
    try:
        from sqlalchemy.orm import mapperlib
    except ImportError:
        return []
    regs = getattr(mapperlib, "_mapper_registries", None)
    if regs is not None:
        return list(regs)
    all_regs = getattr(mapperlib, "_all_registries", None)
    return list(all_regs()) if all_regs else []


def model_classes(metadata):
    """{table: "module.Class", ...} for the tables mapped by a class."""
    names = {}
    for reg in _registries():
        if getattr(reg, "metadata", None) is not metadata:
            continue
        for mapper in reg.mappers:
            cls = mapper.class_
            for table in mapper.tables:
                names.setdefault(
                    table, "%s.%s" % (cls.__module__, cls.__qualname__)
                )
    return names


def _dialect(name):
    try:
        key = DIALECTS[name.lower()]
    except KeyError:
        raise UsageError(
            "unknown dialect '%s': one of postgresql, sqlite, mysql" % name
        )
    mod = importlib.import_module("sqlalchemy.dialects." + key)
    return mod.dialect()


def _enum_types(table):
    """The named enum types the dialect creates apart (PostgreSQL)."""
    out = []
    for col in table.columns:
        t = col.type
        impl = getattr(t, "impl", None)
        for cand in (t, impl):
            if (
                cand is not None
                and getattr(cand, "native_enum", False)
                and getattr(cand, "name", None)
                and hasattr(cand, "enums")
            ):
                out.append(cand)
                break
    return out


def _create_enum(enum, dialect):
    try:
        from sqlalchemy.dialects.postgresql.named_types import CreateEnumType
    except ImportError:
        from sqlalchemy.dialects.postgresql.base import CreateEnumType
    from sqlalchemy.dialects import postgresql

    if not isinstance(enum, postgresql.ENUM):
        enum = postgresql.ENUM(
            *enum.enums, name=enum.name, schema=enum.schema
        )
    return CreateEnumType(enum).compile(dialect=dialect)


def _stmt(compiled):
    lines = str(compiled).strip().split("\n")
    return "\n".join(line.rstrip() for line in lines) + ";"


def render(metadata, dialect_name, source=None):
    """The schema's DDL as one string of statements."""
    dialect = _dialect(dialect_name)
    models = model_classes(metadata)
    out = [
        "-- generated by retort_sqlalchemy from %s for %s"
        % (source or "a MetaData", dialect.name),
    ]
    if dialect.name == "postgresql":
        seen = set()
        for table in metadata.sorted_tables:
            for enum in _enum_types(table):
                key = (enum.schema or table.schema, enum.name)
                if key in seen:
                    continue
                seen.add(key)
                out.append("")
                out.append("-- enum type %s" % enum.name)
                out.append(_stmt(_create_enum(enum, dialect)))
    inline_all = dialect.name == "sqlite"
    later = []
    for table, fkcs in sort_tables_and_constraints(
        sorted(metadata.tables.values(), key=lambda t: t.key)
    ):
        if table is None:
            later.extend(fkcs)
            continue
        out.append("")
        if table in models:
            out.append("-- table %s: model %s" % (table.fullname, models[table]))
        else:
            out.append("-- table %s: a Table, no model class" % table.fullname)
        create = (
            CreateTable(table)
            if inline_all
            else CreateTable(table, include_foreign_key_constraints=fkcs)
        )
        out.append(_stmt(create.compile(dialect=dialect)))
        for index in sorted(table.indexes, key=lambda i: i.name or ""):
            out.append(_stmt(CreateIndex(index).compile(dialect=dialect)))
    if not inline_all:
        for fkc in later:
            out.append("")
            out.append(_stmt(AddConstraint(fkc).compile(dialect=dialect)))
    return "\n".join(out) + "\n"


USAGE = """usage: python3 -m retort_sqlalchemy MODULE:ATTRIBUTE [--dialect NAME]

Prints the DDL of an SQLAlchemy MetaData (MODULE:ATTRIBUTE names it, or an
object with a .metadata such as a Flask-SQLAlchemy db or a declarative
base), for retort's exec: schema sources:

    schema = exec:python3 -m retort_sqlalchemy app.models:db.metadata

--dialect: postgresql, sqlite or mysql (default $RETORT_DIALECT, which
retort sets to the engine that reads the schema).
"""


def main(argv=None):
    import os

    args = list(sys.argv[1:] if argv is None else argv)
    dialect = None
    spec = None
    while args:
        a = args.pop(0)
        if a in ("-h", "--help"):
            sys.stdout.write(USAGE)
            return 0
        if a == "--dialect" or a == "-d":
            if not args:
                sys.stderr.write("retort_sqlalchemy: --dialect needs a name\n")
                return 2
            dialect = args.pop(0)
        elif a.startswith("--dialect="):
            dialect = a.split("=", 1)[1]
        elif a.startswith("-"):
            sys.stderr.write("retort_sqlalchemy: unknown option '%s'\n%s" % (a, USAGE))
            return 2
        elif spec is None:
            spec = a
        else:
            sys.stderr.write("retort_sqlalchemy: one MODULE:ATTRIBUTE only\n")
            return 2
    if spec is None:
        sys.stderr.write(USAGE)
        return 2
    dialect = dialect or os.environ.get("RETORT_DIALECT")
    if not dialect:
        sys.stderr.write(
            "retort_sqlalchemy: no dialect: pass --dialect postgresql, "
            "sqlite or mysql (retort sets $RETORT_DIALECT itself)\n"
        )
        return 2
    # the project's own modules are found from its folder, as with
    # `python3 -m`, also when started some other way
    if "" not in sys.path and os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        text = render(load_metadata(spec), dialect, spec)
    except UsageError as e:
        sys.stderr.write("retort_sqlalchemy: %s\n" % e)
        return 1
    sys.stdout.write(text)
    return 0
