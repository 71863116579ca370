/*
 * pii.h — personal information (个人信息, PIPL): how a phone number is
 * masked, and who is shown one in full.
 *
 * Lists show every phone masked; a single record shows it in full only to
 * the people who need to call that person (docs/reliability.md,
 * "Personal information").  Reading the record in scope is the store's
 * check; these functions only decide, for a record the actor already may
 * see, whether its phone is shown whole.
 */
#ifndef QT_PII_H
#define QT_PII_H

#include <stdbool.h>
#include <stdint.h>

#include "scope.h"

/*
 * Mask the NUL-terminated PHONE in place, one '*' per hidden digit, every
 * other character (spaces, '-', '+') left where it is, so the length and
 * shape stay.  A visible prefix is kept only where it names a network or
 * a place, never a person: a mainland mobile keeps its first 3 digits
 * (138****5678), a landline its area code (0531-****1234, 010-****5678),
 * both after a +86 or 0086 country code (+86 138 **** 5678); anything
 * else keeps no prefix.  Of the digits after the prefix the last 4 stay
 * visible when at least 8 remain, fewer when fewer remain, so that at
 * least 4 digits (all of them, when there are 4 or fewer) are always
 * hidden.  NULL and text without digits are left as they are.
 */
void pii_mask_phone(char *phone);

/*
 * True when ACTOR, who may see enterprise ENTERPRISE_ID, is shown its
 * contact phone in full on the single record: the system, admins,
 * dispatchers (who triage and phone enterprises of their region),
 * commissioners (whose scope is the enterprises paired with them), and
 * the enterprise's own users.  Handlers, supervisors and leaders are not:
 * their registry scope is a whole region, wider than any call they make.
 */
bool pii_sees_enterprise_phone(const Actor *actor, int64_t enterprise_id);

/*
 * True when ACTOR, who may see user USER_ID, is shown that user's phone
 * in full on the single record: the system, admins (who keep accounts),
 * dispatchers (who coordinate the commissioners and handlers of their
 * region), and the user themself.
 */
bool pii_sees_user_phone(const Actor *actor, int64_t user_id);

#endif
