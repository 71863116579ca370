/*
 * bigram.h — the qt_bigram FTS5 tokenizer (bigram.c), which
 * demand_bigram (SQLite migration 011) is built with.
 */
#ifndef QT_BIGRAM_H
#define QT_BIGRAM_H

#include <sqlite3.h>

/* Make the tokenizer known to connection DB: an SQLite result code.
 * Every connection that reads or writes demand_bigram needs it; the
 * store's do (sqlite.c), and the sqlite3 shell can load it as an
 * extension (ext/bigram_ext.c, built as libqitong_bigram.so). */
int qt_bigram_register(sqlite3 *db);

#endif
