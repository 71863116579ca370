/* secret.c — libsodium wrappers; see secret.h. */
#include "secret.h"

#include <sodium.h>
#include <string.h>

QtCode secret_init(QtError *err)
{
  if (sodium_init() < 0) {
    return qt_fail(err, QT_EINTERNAL, "libsodium could not be initialised");
  }
  return QT_OK;
}

QtCode secret_password_check(const char *password, QtError *err)
{
  size_t n = strlen(password), i;
  int letters = 0, digits = 0, others = 0, same = 1;

  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)password[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      letters = 1;
    } else if (c >= '0' && c <= '9') {
      digits = 1;
    } else {
      others = 1;
    }
    if (c != (unsigned char)password[0]) same = 0;
  }
  if (n < 10) {
    qt_field(err, "password", "must be at least 10 characters");
  } else if (n > 128) {
    qt_field(err, "password", "must be at most 128 bytes");
  } else if (letters + digits + others < 2) {
    qt_field(err, "password",
             "must mix at least two of letters, digits and other "
             "characters");
  } else if (same) {
    qt_field(err, "password", "must not repeat one character");
  } else {
    return QT_OK;
  }
  return qt_fail(err, QT_EINVALID, "The password is too weak.");
}

QtCode secret_password_hash(const char *password,
                            char out[SECRET_HASH_TEXT], QtError *err)
{
  if (crypto_pwhash_str_alg(out, password, strlen(password),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return qt_fail(err, QT_EINTERNAL, "password hashing ran out of memory");
  }
  return QT_OK;
}

bool secret_password_verify(const char *hash, const char *password)
{
  return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void secret_token_new(char out[SECRET_TOKEN_TEXT])
{
  unsigned char raw[32];

  randombytes_buf(raw, sizeof raw);
  sodium_bin2base64(out, SECRET_TOKEN_TEXT, raw, sizeof raw,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void secret_sha256_hex(const void *data, size_t len,
                       char out[SECRET_SHA256_HEX])
{
  unsigned char digest[crypto_hash_sha256_BYTES];

  crypto_hash_sha256(digest, data, len);
  sodium_bin2hex(out, SECRET_SHA256_HEX, digest, sizeof digest);
}

bool secret_equal(const char *a, const char *b)
{
  size_t n = strlen(a);

  if (n != strlen(b)) return false;
  return sodium_memcmp(a, b, n) == 0;
}
