/*
 * bigram.c — the qt_bigram tokenizer for SQLite's FTS5: every two
 * consecutive characters of a text, as they are.
 *
 * A search of two characters cannot use the trigram index (demand_fts):
 * its terms are three characters long.  It once read the index's
 * vocabulary for the trigrams that begin with the two, which walks every
 * posting of each (hundreds of milliseconds at ten million demands), and
 * two tail indexes for texts that end in them.  demand_bigram (migration
 * 011) holds each pair as a term of its own, with detail=none (which
 * demands, not where), so the search reads one term's postings, newest
 * first, and stops at the page.
 *
 * No case is folded: the store asks this index only for two characters
 * none of which is a letter with case (store_demand.c, is_short_text),
 * and instr then decides each candidate, as for every search.  The text
 * is UTF-8 (the API takes nothing else); a stray byte counts as a
 * character of its own, in documents and queries alike.
 */
#include <sqlite3.h>
#include <stddef.h>

#include "bigram.h"

/* The bytes of the character that starts with LEAD. */
static int char_bytes(unsigned char lead)
{
  if (lead < 0xc0) return 1; /* ASCII, or a stray continuation byte */
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  return 4;
}

/* The tokenizer has no state: every instance is this one. */
static char the_instance;

static int bigram_create(void *ctx, const char **argv, int argc,
                         Fts5Tokenizer **out)
{
  (void)ctx;
  (void)argv;
  if (argc != 0) return SQLITE_ERROR; /* it takes no options */
  *out = (Fts5Tokenizer *)&the_instance;
  return SQLITE_OK;
}

static void bigram_delete(Fts5Tokenizer *tok)
{
  (void)tok;
}

static int bigram_tokenize(Fts5Tokenizer *tok, void *ctx, int flags,
                           const char *text, int n,
                           int (*token)(void *ctx, int tflags,
                                        const char *token, int n_token,
                                        int start, int end))
{
  int first = 0, second, end, rc = SQLITE_OK;

  (void)tok;
  (void)flags; /* documents and queries alike */
  if (n <= 0) return SQLITE_OK;
  second = first + char_bytes((unsigned char)text[first]);
  while (rc == SQLITE_OK && second < n) {
    end = second + char_bytes((unsigned char)text[second]);
    if (end > n) end = n; /* a character cut short at the end */
    rc = token(ctx, 0, text + first, end - first, first, end);
    first = second;
    second = end;
  }
  return rc;
}

int qt_bigram_register(sqlite3 *db)
{
  static fts5_tokenizer tokenizer = {bigram_create, bigram_delete,
                                     bigram_tokenize};
  fts5_api *api = NULL;
  sqlite3_stmt *stmt;
  int rc;

  /* FTS5 hands out its API through a pointer-passing SQL function. */
  rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, NULL);
  if (rc != SQLITE_OK) return rc;
  sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step(stmt);
  rc = sqlite3_finalize(stmt);
  if (rc != SQLITE_OK) return rc;
  if (!api || api->iVersion < 2) return SQLITE_ERROR;
  return api->xCreateTokenizer(api, "qt_bigram", NULL, &tokenizer, NULL);
}
