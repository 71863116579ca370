/*
 * fuzz_uscc.c — unified social credit codes (src/core/uscc.c), which
 * reach us in JSON bodies, CSV imports and search boxes.
 *
 * Input: any bytes, taken as the code (up to the first NUL).  Checked:
 *  - a code uscc_check accepts is 18 bytes of the alphabet, its last the
 *    check character uscc_check_char gives, and it is accepted again;
 *  - every code the check accepts is rejected after any one character is
 *    replaced by another of the alphabet, or two neighbours of the first
 *    17 are swapped (what a weighted check modulo the prime 31 promises);
 *  - the check character agrees with one computed here from the
 *    standard's definition (weights 3^i mod 31), for the first 17 bytes
 *    mapped into the alphabet, and the code built from them is accepted
 *    exactly when its fixed positions (authority, kind, region) are legal;
 *  - a rejection is QT_EINVALID with a message that is valid UTF-8, since
 *    it goes to a client inside JSON.
 */
#include <string.h>

#include "fuzz.h"
#include "text.h"
#include "uscc.h"

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* The check character of CODE17 (17 alphabet characters), computed with
 * the weights 3^i mod 31 rather than read from a table. */
static char reference_check(const char *code17)
{
  int sum = 0, w = 1, i;

  for (i = 0; i < 17; i++) {
    sum += (int)(strchr(alphabet, code17[i]) - alphabet) * w;
    w = w * 3 % 31;
  }
  return alphabet[(31 - sum % 31) % 31];
}

/* Whether the fixed positions of CODE are legal (GB 32100 and our
 * product rules: authority 1-9, A-G, N, Y; kind 1-9; region digits). */
static bool fixed_positions_legal(const char *code)
{
  int i;

  if (!strchr("123456789ABCDEFGNY", code[0])) return false;
  if (code[1] < '1' || code[1] > '9') return false;
  for (i = 2; i < 8; i++) {
    if (code[i] < '0' || code[i] > '9') return false;
  }
  return true;
}

static bool accepted(const char *code)
{
  QtError err;

  qt_error_clear(&err);
  return uscc_check(code, &err) == QT_OK;
}

/* CODE is accepted: check it as the header says.  With IS_THOROUGH every
 * substitution is tried, otherwise the three from VARY (a number from the
 * input) at each position, which keeps the built codes, accepted on most
 * runs, cheap. */
static void check_accepted(const char *code, bool is_thorough, unsigned vary)
{
  char c[19];
  int i, k;

  FUZZ_CHECK(strlen(code) == 18, "accepted '%s'", code);
  FUZZ_CHECK(uscc_check_char(code) == code[17], "'%s'", code);
  FUZZ_CHECK(reference_check(code) == code[17], "'%s'", code);
  for (i = 0; i < 18; i++) {
    FUZZ_CHECK(strchr(alphabet, code[i]) != NULL, "'%s'", code);
  }
  memcpy(c, code, 19);
  FUZZ_CHECK(accepted(c), "'%s' not accepted twice", code);
  for (i = 0; i < 18; i++) {
    for (k = 0; alphabet[k]; k++) {
      if (alphabet[k] == code[i]) continue;
      if (!is_thorough && (unsigned)k % 10 != (vary + (unsigned)i) % 10) {
        continue;
      }
      c[i] = alphabet[k];
      FUZZ_CHECK(!accepted(c), "'%s' accepted after changing %d of '%s'", c,
                 i, code);
      c[i] = code[i];
    }
  }
  for (i = 0; i + 1 < 17; i++) {
    if (code[i] == code[i + 1]) continue;
    c[i] = code[i + 1];
    c[i + 1] = code[i];
    FUZZ_CHECK(!accepted(c), "'%s' accepted after swapping %d of '%s'", c,
               i, code);
    c[i] = code[i];
    c[i + 1] = code[i + 1];
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *code = fuzz_strndup(data, size);
  char built[19];
  QtError err;
  QtCode rc;
  size_t i;

  qt_error_clear(&err);
  rc = uscc_check(code, &err);
  if (rc == QT_OK) {
    FUZZ_CHECK(err.code == QT_OK, "err touched on success");
    check_accepted(code, true, 0);
  } else {
    FUZZ_CHECK(rc == QT_EINVALID && err.code == QT_EINVALID, "rc %d", rc);
    FUZZ_CHECK(err.message[0] != '\0', "no message");
    FUZZ_CHECK(utf8_valid(err.message, strlen(err.message)),
               "message is not UTF-8: %s", err.message);
  }
  /* A code built from the input: every byte mapped into the alphabet,
   * and the check character appended. */
  if (size >= 17) {
    for (i = 0; i < 17; i++) built[i] = alphabet[data[i] % 31];
    built[17] = '\0';
    FUZZ_CHECK(uscc_check_char(built) == reference_check(built), "%s",
               built);
    built[17] = reference_check(built);
    built[18] = '\0';
    FUZZ_CHECK(accepted(built) == fixed_positions_legal(built), "%s", built);
    if (accepted(built)) check_accepted(built, false, data[size - 1]);
  } else {
    /* Too short to have a check character. */
    for (i = 0; i < size; i++) built[i] = alphabet[data[i] % 31];
    built[size] = '\0';
    FUZZ_CHECK(uscc_check_char(built) == '\0', "%s", built);
  }
  free(code);
  return 0;
}
