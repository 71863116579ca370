/* fuzz.c — helpers every fuzz target may use; see fuzz.h. */
#include "fuzz.h"

#include <string.h>

char *fuzz_strndup(const uint8_t *data, size_t size)
{
  char *s = malloc(size + 1);

  if (!s) abort();
  if (size) memcpy(s, data, size);
  s[size] = '\0';
  return s;
}

/* The length of the sequence led by C, or 0 when C cannot lead one. */
static size_t lead_length(unsigned char c)
{
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 0;
}

/* Decode the sequence at S[0..LEN); its length, or 0 when ill-formed. */
static size_t decode(const unsigned char *s, size_t len, uint32_t *cp)
{
  static const uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  size_t n = lead_length(s[0]), i;
  uint32_t v;

  if (n == 0 || n > len) return 0;
  v = n == 1 ? s[0] : s[0] & (0x7Fu >> n);
  for (i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (s[i] & 0x3Fu);
  }
  if (v < smallest[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
    return 0;
  }
  *cp = v;
  return n;
}

bool fuzz_utf8_valid(const char *s, size_t len)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, n;
  uint32_t cp;

  while (i < len) {
    n = decode(p + i, len - i, &cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

size_t fuzz_utf8_count(const char *s, size_t len)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, count = 0, n;
  uint32_t cp;

  while (i < len) {
    n = decode(p + i, len - i, &cp);
    i += n ? n : 1;
    count++;
  }
  return count;
}
