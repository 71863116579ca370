/*
 * uscc.h — the unified social credit code (统一社会信用代码, GB 32100-2015).
 *
 * Eighteen characters: registration authority (1), institution kind (1),
 * administrative region (6, GB/T 2260), organisation code (9, GB 11714,
 * its last character a check character of its own), and a check character
 * over the first 17 (weights 3^i mod 31).  Only validation lives here;
 * whether an admin accepts a code that fails the check is policy, decided
 * by the caller.
 */
#ifndef QT_USCC_H
#define QT_USCC_H

#include "error.h"

/*
 * Check the NUL-terminated CODE.  QT_OK when it is a well-formed code with
 * the right check character; otherwise QT_EINVALID with err->message
 * naming the first rule that failed, in this order: length (18
 * characters), character set (0-9 and capitals A-Y without I, O, S, V, Z;
 * lower case is refused, normalising is the caller's choice), registration
 * authority (1-9, A-G, N, Y), institution kind (1-9), region code (six
 * digits), check character (the message says which one was expected).
 * Allocates nothing; ERR is untouched on success.
 */
QtCode uscc_check(const char *code, QtError *err);

/* The check character that should follow the first 17 characters of
 * CODE17, or '\0' when one of them is outside the code's alphabet or
 * CODE17 is shorter than 17.  Characters past the 17th are ignored. */
char uscc_check_char(const char *code17);

#endif
