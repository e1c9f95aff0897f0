#!/bin/sh
# bench/lint.sh: retort lint against squawk, over one generated corpus.
#
#   sh bench/lint.sh [N] [--retort PATH] [--squawk PATH] [--install-squawk]
#                    [--repeat K] [--keep]
#
# Generates N PostgreSQL migration files (default 1000), a chain, each with
# a statement of one hazard class between safe statements: unsafe classes
# (a volatile default, SET NOT NULL, an index built without CONCURRENTLY,
# ...) and safe ones (a table created in the same file and changed there, a
# constant or stable default, CREATE INDEX CONCURRENTLY outside a
# transaction, a nullable column, NOT VALID then VALIDATE). Then, in the
# same run, times `retort lint --all` and, when it is installed (npm
# package squawk-cli; --install-squawk installs it into ~/.cache), squawk
# over the same files, median of K runs each (default 5). squawk gets what
# retort knows of transactions: the files whose up section is transactional
# are given to it with --assume-in-transaction, the others without.
#
# Prints the timings and their ratio, then per class which of the two
# flagged its statements (a statement counts as flagged when a finding
# points at its line), and the bars of issue 5: every hazard squawk flags
# retort flags too; retort reports no safe statement as an error; retort is
# at least as fast. Exit status: 0 whatever the numbers are (a report); 1
# when a command failed to run; 2 on usage.

set -u

usage() {
	echo "usage: $0 [N] [--retort PATH] [--squawk PATH] [--install-squawk] [--repeat K] [--keep]" >&2
	exit 2
}

die() {
	echo "lint.sh: $*" >&2
	exit 1
}

root=$(cd "$(dirname "$0")/.." && pwd)
n=1000
retort=
squawk=${SQUAWK:-}
install=0
repeat=5
keep=0

while [ $# -gt 0 ]; do
	case $1 in
	--retort) [ $# -ge 2 ] || usage; retort=$2; shift 2 ;;
	--squawk) [ $# -ge 2 ] || usage; squawk=$2; shift 2 ;;
	--install-squawk) install=1; shift ;;
	--repeat) [ $# -ge 2 ] || usage; repeat=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	-h | --help) usage ;;
	*[!0-9]* | '') usage ;;
	*) n=$1; shift ;;
	esac
done
case $repeat in '' | *[!0-9]* | 0) usage ;; esac
[ "$n" -gt 0 ] 2>/dev/null || usage

retort=${retort:-$root/build/retort}
[ -x "$retort" ] || die "no retort binary at $retort (make, or --retort PATH)"
command -v python3 >/dev/null 2>&1 || die "python3 is needed"

# squawk: --squawk, $SQUAWK, PATH, the cache of --install-squawk
cache=${XDG_CACHE_HOME:-$HOME/.cache}/retort-bench/squawk
if [ -z "$squawk" ] && command -v squawk >/dev/null 2>&1; then
	squawk=$(command -v squawk)
fi
if [ -z "$squawk" ] && [ -x "$cache/node_modules/.bin/squawk" ]; then
	squawk=$cache/node_modules/.bin/squawk
fi
if [ -z "$squawk" ] && [ "$install" -eq 1 ]; then
	if command -v npm >/dev/null 2>&1; then
		mkdir -p "$cache"
		echo "installing squawk-cli with npm into $cache ..." >&2
		if npm install --silent --prefix "$cache" squawk-cli >/dev/null 2>&1 &&
			[ -x "$cache/node_modules/.bin/squawk" ]; then
			squawk=$cache/node_modules/.bin/squawk
		else
			echo "lint.sh: npm could not install squawk-cli" >&2
		fi
	else
		echo "lint.sh: no npm to install squawk-cli with" >&2
	fi
fi
# the npm wrapper is a node script; its platform binary starts faster
if [ -n "$squawk" ]; then
	real=$(dirname "$squawk")/../@squawk-cli/linux-x64/bin/squawk
	[ -x "$real" ] && squawk=$real
fi

tmp=$(mktemp -d /tmp/retort-bench-lint-XXXXXX) || die "no temporary directory"
if [ "$keep" -eq 1 ]; then
	echo "keeping $tmp" >&2
else
	trap 'rm -rf "$tmp"' EXIT
fi

RETORT=$retort SQUAWK=$squawk N=$n REPEAT=$repeat DIR=$tmp python3 - <<'EOF'
import json, os, statistics, subprocess, sys, time

retort, squawk = os.environ["RETORT"], os.environ["SQUAWK"]
n, repeat, top = int(os.environ["N"]), int(os.environ["REPEAT"]), os.environ["DIR"]
corpus = os.path.join(top, "migrations")
os.makedirs(corpus)

# Hazard classes: (name, the retort rule that names it, template, file
# needs). Templates get {t} (an existing table) and {i} (the file). A type
# change names a column of its own: lint --all reads the files as one
# history, and a second change of one column to the type it already has
# is no change.
UNSAFE = [
    ("volatile default", "add-column-volatile-default",
     "ALTER TABLE {t} ADD COLUMN token_{i} uuid DEFAULT gen_random_uuid();", ""),
    ("NOT NULL column without default", "add-column-not-null-no-default",
     "ALTER TABLE {t} ADD COLUMN plan_{i} text NOT NULL;", ""),
    ("SET NOT NULL", "set-not-null",
     "ALTER TABLE {t} ALTER COLUMN email SET NOT NULL;", ""),
    ("column type change", "change-column-type",
     "ALTER TABLE {t} ALTER COLUMN amount_{i} TYPE numeric(14, 2);", ""),
    ("column rename", "rename-column",
     "ALTER TABLE {t} RENAME COLUMN email TO email_{i};", ""),
    ("table rename", "rename-table", "ALTER TABLE {t} RENAME TO {t}_old_{i};", ""),
    ("column drop", "drop-column", "ALTER TABLE {t} DROP COLUMN legacy_{i};", ""),
    ("table drop", "drop-table", "DROP TABLE old_{i};", ""),
    ("schema drop", "drop-schema", "DROP SCHEMA legacy_{i} CASCADE;", ""),
    ("index without CONCURRENTLY", "create-index-non-concurrently",
     "CREATE INDEX {t}_idx_{i} ON {t} (email);", ""),
    ("index drop without CONCURRENTLY", "drop-index-non-concurrently",
     "DROP INDEX {t}_old_idx_{i};", ""),
    ("CONCURRENTLY in a transaction", "concurrently-in-transaction",
     "CREATE INDEX CONCURRENTLY {t}_cidx_{i} ON {t} (email);", ""),
    ("validated foreign key", "add-foreign-key-validated",
     "ALTER TABLE {t} ADD CONSTRAINT {t}_fk_{i} FOREIGN KEY (owner_id) REFERENCES owners (id);", ""),
    ("validated check", "add-check-validated",
     "ALTER TABLE {t} ADD CONSTRAINT {t}_ck_{i} CHECK (balance >= 0);", ""),
    ("unique constraint", "add-unique-constraint",
     "ALTER TABLE {t} ADD CONSTRAINT {t}_uq_{i} UNIQUE (email);", ""),
    ("primary key on a table", "add-primary-key",
     "ALTER TABLE log_{i} ADD PRIMARY KEY (id);", ""),
    ("VACUUM FULL", "vacuum-full", "VACUUM FULL {t};", "notx"),
    ("CLUSTER", "cluster", "CLUSTER {t} USING {t}_pkey;", ""),
    ("TRUNCATE", "truncate", "TRUNCATE {t};", ""),
    ("LOCK TABLE", "lock-table", "LOCK TABLE {t};", ""),
    ("no lock_timeout", "missing-lock-timeout",
     "ALTER TABLE {t} ADD COLUMN memo_{i} text;", "nolt"),
    ("backfill with DDL", "backfill-in-ddl-transaction",
     "UPDATE {t} SET plan = 'free';", ""),
    ("char(n)", "char-column",
     "CREATE TABLE c_{i} (id bigint PRIMARY KEY, code char(2));", ""),
    ("timestamp without time zone", "timestamp-without-time-zone",
     "CREATE TABLE e_{i} (id bigint PRIMARY KEY, at timestamp);", ""),
    ("serial", "serial-column", "CREATE TABLE s_{i} (id bigserial PRIMARY KEY);", ""),
    ("int primary key", "int-primary-key",
     "CREATE TABLE k_{i} (id integer PRIMARY KEY, name text);", ""),
]
SAFE = [
    ("table created in the same file",
     "CREATE TABLE n_{i} (id bigint PRIMARY KEY, email text); "
     "CREATE INDEX n_{i}_email ON n_{i} (email); "
     "ALTER TABLE n_{i} ADD COLUMN plan text NOT NULL; "
     "ALTER TABLE n_{i} ALTER COLUMN email SET NOT NULL;", ""),
    ("constant default", "ALTER TABLE {t} ADD COLUMN status_{i} text DEFAULT 'new';", ""),
    ("stable default", "ALTER TABLE {t} ADD COLUMN seen_{i} timestamptz DEFAULT now();", ""),
    ("NOT NULL with a constant default",
     "ALTER TABLE {t} ADD COLUMN tier_{i} text NOT NULL DEFAULT 'free';", ""),
    ("CONCURRENTLY outside a transaction",
     "CREATE INDEX CONCURRENTLY {t}_cidx_{i} ON {t} (email);", "notx"),
    ("nullable column", "ALTER TABLE {t} ADD COLUMN note_{i} text;", ""),
    ("NOT VALID then VALIDATE",
     "ALTER TABLE {t} ADD CONSTRAINT {t}_fkv_{i} FOREIGN KEY (owner_id) "
     "REFERENCES owners (id) NOT VALID; "
     "ALTER TABLE {t} VALIDATE CONSTRAINT {t}_fkv_{i};", "notx"),
    ("new table, good types",
     "CREATE TABLE g_{i} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
     "name text, at timestamptz);", ""),
]
FILLERS = [1, 2, 3, 5]  # SAFE classes that sit around a class statement

stmts = []   # (file, line, kind, class name)
tx_files, notx_files = [], []
prev = None
for i in range(1, n + 1):
    if i % 2:
        name, rule, tmpl, need = UNSAFE[(i // 2) % len(UNSAFE)]
        kind = "unsafe"
    else:
        name, tmpl, need = SAFE[(i // 2) % len(SAFE)]
        kind = "safe"
    t = "t%d" % (i % 10)
    # a second a migration: unique up to 28 days' worth (2.4M)
    rev = "202601%02d%02d%02d%02d_m%04d" % (1 + i // 86400 % 28, i // 3600 % 24,
                                          i // 60 % 60, i % 60, i)
    path = os.path.join(corpus, rev + ".sql")
    lines = []
    if prev:
        lines.append("-- retort:parent " + prev)
    lines.append("-- retort:up" + (" transaction=false" if need == "notx" else ""))
    body = []
    if need != "nolt":
        body.append(("pre", "SET lock_timeout = '2s';"))
        body.append(("pre", "SET statement_timeout = '5min';"))
        f1 = SAFE[FILLERS[i % len(FILLERS)]]
        body.append(("filler", f1[1]))
    body.append(("class", tmpl))
    if need != "nolt":
        f2 = SAFE[FILLERS[(i + 1) % len(FILLERS)]]
        body.append(("filler", f2[1]))
    for role, sql in body:
        lines.append(sql.format(t=t, i=i))
        lineno = len(lines)
        if role == "class":
            stmts.append((path, lineno, kind, name))
        elif role == "filler":
            stmts.append((path, lineno, "safe", "(filler) " + SAFE[[s[1] for s in SAFE].index(sql)][0]))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    (notx_files if need == "notx" else tx_files).append(path)
    prev = rev

def run(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=top)
    return time.perf_counter() - t0, p

def timed(cmds, ok):
    best, outs = [], None
    for _ in range(repeat):
        total, outs = 0.0, []
        for c in cmds:
            dt, p = run(c)
            if p.returncode not in ok:
                sys.exit("lint.sh: %s failed (%d): %s" % (c[0], p.returncode,
                                                          p.stderr.decode()[:500]))
            total += dt
            outs.append(p.stdout)
        best.append(total)
    return statistics.median(best), outs

# squawk assumes the files run without a lock_timeout; retort runs its
# migrations under one of its own, unless --lock-timeout 0 says otherwise:
# so it is told the same (every other file sets one itself)
retort_cmd = [[retort, "lint", "--all", "--dialect", "postgres", "-d", corpus,
               "--lock-timeout", "0", "--format", "json"]]
rt_time, rt_out = timed(retort_cmd, (0, 3))
report = json.loads(rt_out[0])
flag_rt = {}
for f in report["findings"]:
    if f["suppressed"]:
        continue
    flag_rt.setdefault((os.path.join(top, f["file"]) if not f["file"].startswith("/") else f["file"],
                        f["line"]), []).append((f["rule"], f["severity"]))

flag_sq = {}
sq_time = None
if squawk:
    cmds = []
    # squawk takes the files on its command line: batches of 1000 stay
    # under the argument limit
    for files, flags in ((tx_files, ["--assume-in-transaction"]), (notx_files, [])):
        for k in range(0, len(files), 1000):
            if files[k:k + 1000]:
                cmds.append([squawk, "--reporter", "json", "--pg-version", "15"] +
                            flags + files[k:k + 1000])
    sq_time, outs = timed(cmds, (0, 1))
    for out in outs:
        for v in json.loads(out or b"[]"):
            flag_sq.setdefault((v["file"], v["line"] + 1), []).append(
                (v["rule_name"], v["level"].lower()))

# per class
classes = {}
for path, line, kind, name in stmts:
    c = classes.setdefault((kind, name), {"n": 0, "rt": 0, "sq": 0, "rt_err": 0,
                                          "rt_rules": set(), "sq_rules": set(),
                                          "sq_not_rt": 0})
    c["n"] += 1
    r = flag_rt.get((path, line), [])
    s = flag_sq.get((path, line), [])
    if r:
        c["rt"] += 1
        c["rt_rules"].update(x[0] for x in r)
    if any(sev == "error" for _, sev in r):
        c["rt_err"] += 1
    if s:
        c["sq"] += 1
        c["sq_rules"].update(x[0] for x in s)
    if s and not r:
        c["sq_not_rt"] += 1

print("corpus: %d migration files, %d classified statements (%s)" % (n, len(stmts), corpus))
print("retort lint --all:  %.3f s (median of %d)" % (rt_time, repeat))
if sq_time is not None:
    print("squawk:             %.3f s (median of %d; %s)" % (sq_time, repeat, squawk))
    print("ratio squawk/retort: %.2fx" % (sq_time / rt_time))
else:
    print("squawk:             not installed (npm package squawk-cli; "
          "--install-squawk tries npm)")
print()
w = max(len(k[1]) for k in classes) + 2
print("%-7s %-*s %5s  %-22s %s" % ("kind", w, "class", "n", "retort flagged",
                                   "squawk flagged" if squawk else ""))
for (kind, name), c in sorted(classes.items(), key=lambda kv: (kv[0][0] != "unsafe", kv[0][1].startswith("("), kv[0][1])):
    rt = "%d %s" % (c["rt"], ",".join(sorted(c["rt_rules"]))) if c["rt"] else "0"
    sq = ("%d %s" % (c["sq"], ",".join(sorted(c["sq_rules"]))) if c["sq"] else "0") if squawk else ""
    print("%-7s %-*s %5d  %-22s %s" % (kind, w, name, c["n"], rt, sq))

print()
unsafe = [(k, c) for k, c in classes.items() if k[0] == "unsafe"]
safe = [(k, c) for k, c in classes.items() if k[0] == "safe"]
missed = [k[1] for k, c in unsafe if c["rt"] < c["n"]]
print("retort flags every unsafe statement: %s" % ("yes" if not missed else "no: " + ", ".join(missed)))
errs = sum(c["rt_err"] for _, c in safe)
print("bar: retort reports no safe statement as an error: %s" % (
    "yes" if not errs else "NO (%d)" % errs))
if squawk:
    sq_only = [(k[1], c["sq_not_rt"]) for k, c in unsafe if c["sq_not_rt"]]
    print("bar: every hazard squawk flags, retort flags too: %s" % (
        "yes" if not sq_only else "NO: " + ", ".join("%s (%d)" % x for x in sq_only)))
    rt_only = [k[1] for k, c in unsafe if c["rt"] and not c["sq"]]
    print("     hazard classes only retort flags: %s" % (", ".join(rt_only) or "none"))
    sq_safe = [(k[1], c["sq"], ",".join(sorted(c["sq_rules"]))) for k, c in safe if c["sq"]]
    print("     squawk findings on safe statements (retort: none): %s" % (
        "; ".join("%s: %d (%s)" % x for x in sq_safe) or "none"))
    print("bar: retort at least as fast as squawk: %s (%.3f s vs %.3f s)" % (
        "yes" if rt_time <= sq_time else "NO", rt_time, sq_time))
EOF
