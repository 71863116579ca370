/*
 * secret.h — passwords, tokens and digests, on libsodium.
 *
 * Passwords are hashed with argon2id (interactive limits: about 64 MiB and
 * a tenth of a second, which is what makes guessing expensive).  Session
 * and API tokens are 256 random bits; only their SHA-256 is stored, so a
 * copy of the database does not let anyone sign in.
 */
#ifndef QT_SECRET_H
#define QT_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

enum {
  SECRET_HASH_TEXT = 128, /* room for an argon2id hash string */
  SECRET_TOKEN_TEXT = 44, /* 43 base64url characters and a NUL */
  SECRET_SHA256_HEX = 65  /* 64 hex digits and a NUL */
};

/* Must be called once before the functions below (sodium_init). */
QtCode secret_init(QtError *err);

/*
 * Check PASSWORD against the policy: 10 to 128 bytes, at least two of
 * letters, digits and other characters, not all one character.  QT_EINVALID
 * with a field error on "password" saying what is missing.
 */
QtCode secret_password_check(const char *password, QtError *err);

/* Hash PASSWORD with argon2id into OUT.  QT_EINTERNAL when out of memory. */
QtCode secret_password_hash(const char *password,
                            char out[SECRET_HASH_TEXT], QtError *err);

/* True when PASSWORD matches HASH (a string from secret_password_hash). */
bool secret_password_verify(const char *hash, const char *password);

/* Fill OUT with a new random token: 32 bytes, base64url, no padding. */
void secret_token_new(char out[SECRET_TOKEN_TEXT]);

/* Write the lower-case hex SHA-256 of DATA[0..LEN) into OUT. */
void secret_sha256_hex(const void *data, size_t len,
                       char out[SECRET_SHA256_HEX]);

/* True when A and B are equal strings, in time independent of where they
 * differ (for comparing tokens). */
bool secret_equal(const char *a, const char *b);

#endif
