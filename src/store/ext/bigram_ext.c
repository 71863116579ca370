/*
 * bigram_ext.c — qt_bigram (bigram.c) as an extension the sqlite3 shell
 * loads, so that a person (or a test) can read or change demand_bigram
 * outside qitong:
 *
 *   sqlite3 qitong.db '.load build/libqitong_bigram' 'SELECT ...'
 *
 * The library links the same libsqlite3 the shell does (Debian's), so
 * the tokenizer calls SQLite directly rather than through the routines
 * table an extension is handed.
 */
#include <sqlite3.h>

#include "bigram.h"

int sqlite3_qitongbigram_init(sqlite3 *db, char **err,
                              const sqlite3_api_routines *api);

int sqlite3_qitongbigram_init(sqlite3 *db, char **err,
                              const sqlite3_api_routines *api)
{
  (void)err;
  (void)api;
  return qt_bigram_register(db);
}
