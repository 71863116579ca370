/* pii.c — masking phone numbers and who sees them whole; see pii.h. */
#include <stddef.h>
#include <string.h>

#include "pii.h"

enum {
  MASK_MIN = 4,  /* digits always hidden (all, when there are fewer) */
  MASK_TAIL = 4, /* trailing digits kept when enough remain */
};

static bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}

/* The K-th digit of S (from 0), or '\0' when S has fewer. */
static char nth_digit(const char *s, size_t k)
{
  for (; *s; s++) {
    if (is_digit(*s) && k-- == 0) return *s;
  }
  return '\0';
}

/* Digits of the visible prefix of S, which holds N_DIGITS digits. */
static size_t visible_prefix(const char *s, size_t n_digits)
{
  const char *p = s + strspn(s, " ");
  size_t cc = 0, rest;
  char first, second;

  /* The country code is told by how it is written: "+86" or "0086".
   * Other countries' numbers keep no prefix: we do not know their plans. */
  if (strncmp(p, "+86", 3) == 0) {
    cc = 2;
  } else if (strncmp(p, "0086", 4) == 0) {
    cc = 4;
  } else if (*p == '+') {
    return 0;
  }
  rest = n_digits - cc;
  first = nth_digit(s, cc);
  second = nth_digit(s, cc + 1);
  if (first == '1' && rest == 11) return cc + 3; /* mobile: the network */
  if (first == '0') {
    /* A landline with its trunk 0: Beijing 010 and the 02x cities have
     * two-digit area codes, the rest three. */
    return cc + (second == '1' || second == '2' ? 3 : 4);
  }
  if (cc > 0) {
    /* After +86 the trunk 0 is dropped: 10, 2x, or three digits. */
    return cc + (first == '1' || first == '2' ? 2 : 3);
  }
  return 0;
}

void pii_mask_phone(char *phone)
{
  size_t n_digits = 0, prefix, rest, tail, k = 0;
  char *s;

  if (!phone) return;
  for (s = phone; *s; s++) {
    if (is_digit(*s)) n_digits++;
  }
  if (n_digits == 0) return;
  prefix = visible_prefix(phone, n_digits);
  /* A prefix never eats into the digits that must stay hidden. */
  if (n_digits <= MASK_MIN) {
    prefix = 0;
  } else if (prefix > n_digits - MASK_MIN) {
    prefix = n_digits - MASK_MIN;
  }
  rest = n_digits - prefix;
  if (rest >= MASK_MIN + MASK_TAIL) {
    tail = MASK_TAIL;
  } else {
    tail = rest > MASK_MIN ? rest - MASK_MIN : 0;
  }
  for (s = phone; *s; s++) {
    if (!is_digit(*s)) continue;
    if (k >= prefix && k < n_digits - tail) *s = '*';
    k++;
  }
}

bool pii_sees_enterprise_phone(const Actor *actor, int64_t enterprise_id)
{
  if (actor->is_system) return true;
  switch (actor->role) {
  case ROLE_ADMIN:
  case ROLE_DISPATCHER:
  case ROLE_COMMISSIONER:
    return true;
  case ROLE_ENTERPRISE:
    return actor->enterprise_id > 0 && actor->enterprise_id == enterprise_id;
  case ROLE_HANDLER:
  case ROLE_SUPERVISOR:
  case ROLE_LEADER:
  case ROLE_COUNT:
    break;
  }
  return false;
}

bool pii_sees_user_phone(const Actor *actor, int64_t user_id)
{
  if (actor->is_system) return true;
  if (actor->user_id > 0 && actor->user_id == user_id) return true;
  return actor->role == ROLE_ADMIN || actor->role == ROLE_DISPATCHER;
}
