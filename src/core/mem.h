/*
 * mem.h — allocation that cannot fail, a growable byte buffer and a
 * per-request arena.
 *
 * qt_malloc aborts on out-of-memory, as Redis's zmalloc does: a server that
 * cannot allocate a few bytes cannot report anything useful either.  So
 * every size a client controls is capped *before* it is allocated.
 */
#ifndef QT_MEM_H
#define QT_MEM_H

#include <stdarg.h>
#include <stddef.h>

/* Like malloc/calloc/realloc/strdup, but abort on out-of-memory. */
void *qt_malloc(size_t n);
void *qt_calloc(size_t n, size_t size);
void *qt_realloc(void *p, size_t n);
char *qt_strdup(const char *s);

/*
 * Buf — a growable byte string that is always NUL-terminated.  Held by
 * value: buf_init / buf_reset.  data may be NULL while len is 0.
 */
typedef struct Buf {
  char *data; /* owned; len bytes plus a NUL */
  size_t len; /* bytes used, not counting the NUL */
  size_t cap; /* bytes allocated */
} Buf;

void buf_init(Buf *b);
/* Free the contents; B may be reused after buf_init. */
void buf_reset(Buf *b);
void buf_append(Buf *b, const void *data, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_printf(Buf *b, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
/* The contents, "" when empty; borrowed until the next change to B. */
const char *buf_str(const Buf *b);
/* Hand the contents to the caller (free with free()) and empty B. */
char *buf_take(Buf *b);

/*
 * Arena — many small allocations freed together.  Each HTTP request owns
 * one, so handlers never free piecemeal.  arena_new / arena_free.
 */
typedef struct Arena Arena;

/* Returns a new arena; free with arena_free (accepts NULL). */
Arena *arena_new(void);
void arena_free(Arena *a);
/* N zeroed bytes, aligned for any type, valid until A is freed. */
void *arena_alloc(Arena *a, size_t n);
/* Copy of S (NULL gives NULL) / of the first N bytes of S, NUL-terminated. */
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));

#endif
