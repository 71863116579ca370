/*
 * cli.h — the subcommands of the qitong program.
 *
 * Each cmd_* takes the arguments after its name and returns the exit
 * status: 0 success, 1 runtime failure, 2 bad usage.  Errors go to
 * standard error as one clear line.
 */
#ifndef QT_CLI_H
#define QT_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "store.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_bench_data(int argc, char **argv);
int cmd_tick(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_migrate_store(int argc, char **argv);

/* Print "qitong: MESSAGE" (with field errors) and return the exit status
 * for ERR: 2 for what the user typed, 1 for everything else. */
int cli_fail(const QtError *err);
/* Print "qitong CMD: usage..." help and return EXIT_USAGE. */
int cli_usage(const char *usage);
/* Open the database at URL and check its schema is current.  With
 * MIGRATE, create or migrate it first. */
QtCode cli_open(const char *url, bool migrate, Store **out, QtError *err);
/* True when ARG is "-h" or "--help". */
bool cli_is_help(const char *arg);
/* A generator's --seed: decimal digits only, within 64 bits. */
bool cli_parse_seed(const char *s, uint64_t *out);

#endif
