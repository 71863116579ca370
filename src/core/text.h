/*
 * text.h — UTF-8 and Chinese text helpers with no I/O.
 *
 * Input reaches qitong as UTF-8 (JSON) or as CSV that Chinese Excel often
 * saves in GB18030; everything inside the program is valid UTF-8.
 */
#ifndef QT_TEXT_H
#define QT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "mem.h"

/* True when S[0..LEN) is valid UTF-8 (no overlongs, no surrogates, no
 * code point past U+10FFFF).  A NUL byte is valid UTF-8 here; callers that
 * refuse NUL check for it themselves. */
bool utf8_valid(const char *s, size_t len);

/* Make the NUL-terminated S valid UTF-8 in place: each byte that does not
 * start a well-formed sequence (a character cut in two by a length limit,
 * or a byte that was never UTF-8) becomes '?'.  Valid text is left as it
 * is. */
void utf8_repair(char *s);

/* Number of code points in the valid UTF-8 string S (what a person calls
 * its length: "企通" is 2). */
size_t utf8_length(const char *s);

/*
 * Trim ASCII white space and the ideographic space U+3000 from both ends
 * of S in place; returns S.
 */
char *text_trim(char *s);

typedef enum TextEncoding {
  TEXT_UTF8,    /* valid UTF-8, with or without a BOM */
  TEXT_GB18030  /* anything else: what Chinese Windows and Excel write */
} TextEncoding;

/* Guess the encoding of DATA[0..LEN): UTF-8 when it has a UTF-8 BOM or
 * is valid UTF-8, GB18030 otherwise. */
TextEncoding text_detect_encoding(const char *data, size_t len);

/*
 * Append DATA[0..LEN) to OUT as UTF-8 without a BOM, converting from
 * GB18030 with iconv when text_detect_encoding says so.  QT_EINVALID when
 * the bytes are neither valid UTF-8 nor valid GB18030, or when they start
 * with a UTF-8 BOM but are not valid UTF-8 after it (the message gives the
 * byte offset into DATA).  QT_ETOOBIG if LEN is too large to size the
 * output (callers cap uploads long before that); QT_EINTERNAL if the C
 * library has no GB18030 converter.  On failure OUT is unchanged.
 */
QtCode text_to_utf8(const char *data, size_t len, Buf *out, QtError *err);

#endif
