/*
 * uscc.c — checking unified social credit codes (GB 32100-2015); see
 * uscc.h.
 *
 * Only the code's shape and its final check character are verified.  The
 * organisation code inside (positions 9-17) carries a GB 11714 check
 * character of its own, which we leave alone, as validators in common use
 * do.  Whether a code was ever actually issued is for the registry to say,
 * not for us.
 */
#include "uscc.h"

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

enum {
  USCC_LEN = 18,  /* characters in a code */
  USCC_BODY = 17, /* characters the check character covers */
  USCC_RADIX = 31 /* characters in the alphabet */
};

/* The 31 characters of the code, each worth its index.  GB 32100 leaves
 * out I, O, S, V and Z, which are easily misread as other characters. */
static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* 3^i mod 31 for i = 0..16, the weight of each of the first 17 characters. */
static const int weights[USCC_BODY] = {
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
};

/* The value of C in the alphabet, or -1 when C is not in it. */
static int char_value(char c)
{
  const char *letter;

  /* Digits by arithmetic and the letters by memchr, not a scan of the
   * alphabet: an import checks a million codes of 18 characters. */
  if (c >= '0' && c <= '9') return c - '0';
  letter = c ? memchr(alphabet + 10, c, USCC_RADIX - 10) : NULL;
  return letter ? (int)(letter - alphabet) : -1;
}

/* Characters in S as a person counts them: a multi-byte UTF-8 character
 * counts once, so that pasting "９１…" in full-width digits reports 18
 * rather than 54.  Bytes that are not UTF-8 count one each. */
static size_t count_chars(const char *s)
{
  size_t n = 0;

  for (; *s != '\0'; s++) {
    if (((unsigned char)*s & 0xC0) != 0x80) {
      n++;
    }
  }
  return n;
}

/* Authorities assigned so far are 1-9, A (military), N (agriculture, for
 * rural collective economic organisations) and Y (other).  B-G are not yet
 * assigned but our product rules accept them, so that a code from a newly
 * added authority is not refused before we hear of it. */
static bool is_authority(char c)
{
  return (c >= '1' && c <= '9') || (c >= 'A' && c <= 'G') || c == 'N' ||
         c == 'Y';
}

static bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}

char uscc_check_char(const char *code17)
{
  int sum = 0;
  int i;
  int check;

  assert(code17 != NULL);
  for (i = 0; i < USCC_BODY; i++) {
    /* A NUL is not in the alphabet, so a short string stops here too. */
    int v = char_value(code17[i]);
    if (v < 0) return '\0';
    sum += v * weights[i];
  }
  check = USCC_RADIX - sum % USCC_RADIX;
  if (check == USCC_RADIX) {
    check = 0;
  }
  return alphabet[check];
}

QtCode uscc_check(const char *code, QtError *err)
{
  size_t n;
  int i;
  char want;

  assert(code != NULL);
  n = count_chars(code);
  if (n != USCC_LEN) {
    return qt_fail(err, QT_EINVALID,
                   "credit code must be 18 characters, got %zu", n);
  }
  /* The length counted characters, but a byte that continues a UTF-8
   * sequence counts as none: "<18 characters>\xA7" has 18 and 19 bytes.
   * So every byte is looked at, not the first 18; any byte that is not
   * ASCII is outside the alphabet, so what passes is 18 bytes. */
  for (i = 0; code[i] != '\0'; i++) {
    if (char_value(code[i]) < 0) {
      return qt_fail(err, QT_EINVALID,
                     "credit code has a character outside 0-9 and A-Y "
                     "without I, O, S, V, Z at position %d",
                     i + 1);
    }
  }
  if (!is_authority(code[0])) {
    return qt_fail(err, QT_EINVALID,
                   "registration authority '%c' is not one of 1-9, A-G, "
                   "N, Y",
                   code[0]);
  }
  /* Every institution kind in the standard's table is a digit; the
   * authority Y ("other") uses 1. */
  if (code[1] < '1' || code[1] > '9') {
    return qt_fail(err, QT_EINVALID,
                   "institution kind '%c' is not one of 1-9", code[1]);
  }
  for (i = 2; i < 8; i++) {
    if (!is_digit(code[i])) {
      return qt_fail(err, QT_EINVALID,
                     "credit code region code must be six digits, but "
                     "position %d is '%c'",
                     i + 1, code[i]);
    }
  }
  want = uscc_check_char(code);
  if (code[USCC_BODY] != want) {
    return qt_fail(err, QT_EINVALID,
                   "check character should be '%c', not '%c'", want,
                   code[USCC_BODY]);
  }
  return QT_OK;
}
