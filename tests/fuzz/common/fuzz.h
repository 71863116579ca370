/*
 * fuzz.h — what every libFuzzer target of tests/fuzz shares: the entry
 * points libFuzzer calls, a check that fails loudly, and helpers that do
 * not depend on the code under test (a second UTF-8 validator, so that a
 * target can compare text.c with something written independently).
 *
 * A target asserts properties of what the code returns, not only that it
 * does not crash: FUZZ_CHECK aborts, which libFuzzer reports as a crash
 * and saves the input that caused it.
 */
#ifndef QT_FUZZ_H
#define QT_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Abort with the failed condition and a printf-style explanation. */
#define FUZZ_CHECK(cond, ...)                                               \
  do {                                                                      \
    if (!(cond)) {                                                          \
      fprintf(stderr, "fuzz: %s:%d: check failed: %s\nfuzz: ", __FILE__,   \
              __LINE__, #cond);                                             \
      fprintf(stderr, __VA_ARGS__);                                         \
      fputc('\n', stderr);                                                  \
      abort();                                                              \
    }                                                                       \
  } while (0)

/* A new NUL-terminated copy of DATA[0..SIZE) (free with free()); bytes
 * after a NUL in DATA are kept but unseen by string functions. */
char *fuzz_strndup(const uint8_t *data, size_t size);

/* True when S[0..LEN) is well-formed UTF-8 (Unicode 15, section 3.9,
 * D92): decodes each sequence to its code point and refuses overlong
 * forms, surrogates and code points past U+10FFFF.  Written apart from
 * src/core/text.c, which checks byte ranges instead, so that the two can
 * be compared. */
bool fuzz_utf8_valid(const char *s, size_t len);

/* Code points in the well-formed UTF-8 S[0..LEN). */
size_t fuzz_utf8_count(const char *s, size_t len);

#endif
