/* error.c — filling QtError; see error.h. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

void qt_error_clear(QtError *err)
{
  err->code = QT_OK;
  err->message[0] = '\0';
  err->n_fields = 0;
}

QtCode qt_fail(QtError *err, QtCode code, const char *fmt, ...)
{
  va_list ap;

  err->code = code;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  /* Messages quote what a client sent ("'%.40s' is not a date"), cut to
   * a length that may fall inside a character, and the text may not
   * have been UTF-8 at all; they go out in JSON, which must be. */
  utf8_repair(err->message);
  return code;
}

void qt_field(QtError *err, const char *field, const char *fmt, ...)
{
  va_list ap;

  if (err->n_fields >= QT_ERR_MAX_FIELDS) return;
  snprintf(err->fields[err->n_fields].name,
           sizeof err->fields[err->n_fields].name, "%s", field);
  va_start(ap, fmt);
  vsnprintf(err->fields[err->n_fields].message,
            sizeof err->fields[err->n_fields].message, fmt, ap);
  va_end(ap);
  /* A field's name may be a client's JSON key or query argument, cut to
   * fit: as for qt_fail's message. */
  utf8_repair(err->fields[err->n_fields].name);
  utf8_repair(err->fields[err->n_fields].message);
  err->n_fields++;
}

const char *qt_code_name(QtCode code)
{
  switch (code) {
  case QT_OK: return "ok";
  case QT_EBADREQ: return "bad-request";
  case QT_EAUTH: return "unauthenticated";
  case QT_EFORBIDDEN: return "forbidden";
  case QT_ENOTFOUND: return "not-found";
  case QT_ECONFLICT: return "conflict";
  case QT_ETOOBIG: return "too-large";
  case QT_EINVALID: return "invalid";
  case QT_EBUSY: return "too-many-requests";
  case QT_ESTORE: return "store-failure";
  case QT_EINTERNAL: return "internal";
  case QT_EMETHOD: return "method-not-allowed";
  case QT_EUNAVAILABLE: return "unavailable";
  }
  return "internal";
}
