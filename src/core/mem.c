/* mem.c — qt_malloc, Buf and Arena; see mem.h. */
#include "mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
  /* Nothing sensible can be done without memory; say so and stop. */
  fputs("qitong: out of memory\n", stderr);
  abort();
}

void *qt_malloc(size_t n)
{
  void *p = malloc(n ? n : 1);
  if (!p) oom();
  return p;
}

void *qt_calloc(size_t n, size_t size)
{
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) oom();
  return p;
}

void *qt_realloc(void *p, size_t n)
{
  void *q = realloc(p, n ? n : 1);
  if (!q) oom();
  return q;
}

char *qt_strdup(const char *s)
{
  size_t n = strlen(s) + 1;
  return memcpy(qt_malloc(n), s, n);
}

void buf_init(Buf *b)
{
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
}

void buf_reset(Buf *b)
{
  free(b->data);
  buf_init(b);
}

static void reserve(Buf *b, size_t extra)
{
  size_t need = b->len + extra + 1;
  size_t cap = b->cap ? b->cap : 64;

  if (need <= b->cap) return;
  while (cap < need) {
    cap *= 2;
  }
  b->data = qt_realloc(b->data, cap);
  b->cap = cap;
}

void buf_append(Buf *b, const void *data, size_t n)
{
  reserve(b, n);
  if (n) memcpy(b->data + b->len, data, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void buf_puts(Buf *b, const char *s)
{
  buf_append(b, s, strlen(s));
}

void buf_printf(Buf *b, const char *fmt, ...)
{
  va_list ap;
  int n;

  va_start(ap, fmt);
  n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  reserve(b, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

const char *buf_str(const Buf *b)
{
  return b->data ? b->data : "";
}

char *buf_take(Buf *b)
{
  char *s = b->data ? b->data : qt_strdup("");
  buf_init(b);
  return s;
}

/* The arena is a list of blocks; big requests get a block of their own. */
typedef struct Block {
  struct Block *next; /* older block */
  size_t used;        /* bytes handed out from data */
  size_t cap;         /* bytes in data */
  max_align_t data[]; /* the memory itself, aligned for any type */
} Block;

struct Arena {
  Block *head; /* current block, most recent first */
};

enum { BLOCK_SIZE = 16 * 1024 };

Arena *arena_new(void)
{
  return qt_calloc(1, sizeof(Arena));
}

void arena_free(Arena *a)
{
  Block *b, *next;

  if (!a) return;
  for (b = a->head; b; b = next) {
    next = b->next;
    free(b);
  }
  free(a);
}

/* N bytes of A, aligned, not zeroed: for what is written over at once. */
static void *arena_take(Arena *a, size_t n)
{
  size_t align = _Alignof(max_align_t);
  size_t size = (n + align - 1) / align * align;
  Block *b = a->head;
  void *p;

  if (!b || b->cap - b->used < size) {
    size_t cap = size > BLOCK_SIZE / 2 ? size : BLOCK_SIZE;
    b = qt_malloc(sizeof(Block) + cap);
    b->used = 0;
    b->cap = cap;
    if (size > BLOCK_SIZE / 2 && a->head) {
      /* Keep filling the current block; the big one goes behind it. */
      b->next = a->head->next;
      a->head->next = b;
    } else {
      b->next = a->head;
      a->head = b;
    }
  }
  p = (char *)b->data + b->used;
  b->used += size;
  return p;
}

void *arena_alloc(Arena *a, size_t n)
{
  return memset(arena_take(a, n), 0, n);
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
  char *p;

  if (!s) return NULL;
  /* Not zeroed first: a page of demands copies 70 KB of text this way. */
  p = arena_take(a, n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *arena_strdup(Arena *a, const char *s)
{
  return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(Arena *a, const char *fmt, ...)
{
  va_list ap;
  int n;
  char *p;

  va_start(ap, fmt);
  n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return arena_strdup(a, "");
  p = arena_take(a, (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}
