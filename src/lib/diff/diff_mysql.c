/*
 * diff_mysql.c: what MySQL/MariaDB's DDL can do, for the diff's lowering
 * and ordering. ALTER TABLE changes any column in place (MODIFY COLUMN
 * repeats the whole definition), adds and drops keys, indexes, checks and
 * foreign keys, and renames columns: tables are never rebuilt. Column
 * order is not compared (ADD COLUMN ... AFTER keeps it where the new
 * schema has it). Partitioning changes by ALTER TABLE too. Views and triggers
 * are dropped and made again when they change, like any other object but a
 * table; the definitions compared are catalog_mysql.c's canonical text.
 */
#include "diff/diff_int.h"

const rt_diff_dialect rt_diff_dialect_mysql = {
    .name = "mysql",
    .inline_constraints = 0,
    .column_order = 0,
    .rebuild = 0,
    .alter_partitioning = 1,
    .replace_in_place = 0,
    .can_add_column = NULL,
    .can_drop_column = NULL,
    .can_alter_column = NULL,
    .rename_ident = rt_mysql_canon_rename,
    .lower = rt_diff_lower_default,
    .column_deps = 0,
    .view_columns = 0,
    .rename_objects = 0,
    .can_replace = NULL,
    .phase_of = NULL,
};
