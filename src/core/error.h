/*
 * error.h — the one error type of qitong.
 *
 * A function that can fail returns QtCode and takes QtError *err last.
 * QtError is fixed-size so that reporting a failure never allocates.  The
 * HTTP layer maps each code to a status (src/http/problem.c); the CLI maps
 * it to an exit status.  Codes are never renumbered.
 */
#ifndef QT_ERROR_H
#define QT_ERROR_H

typedef enum QtCode {
  QT_OK = 0,
  QT_EBADREQ,    /* malformed: bad JSON, wrong type            400 */
  QT_EAUTH,      /* not signed in                              401 */
  QT_EFORBIDDEN, /* the role may not do this                   403 */
  QT_ENOTFOUND,  /* absent, or outside the actor's scope       404 */
  QT_ECONFLICT,  /* not allowed in the current state           409 */
  QT_ETOOBIG,    /* over a size limit                          413 */
  QT_EINVALID,   /* well formed but breaks a rule; see fields  422 */
  QT_EBUSY,      /* rate limited, or the store is locked       429 */
  QT_ESTORE,     /* database failure                           500 */
  QT_EINTERNAL,  /* our bug; the detail is in the log          500 */
  QT_EMETHOD,    /* the path exists, but not with this method  405 */
  QT_EUNAVAILABLE /* not done, nothing kept: try again later    503 */
} QtCode;

enum { QT_ERR_MAX_FIELDS = 8 };

typedef struct QtError {
  QtCode code;       /* QT_OK until something fails */
  char message[256]; /* one sentence, safe to show the user */
  int n_fields;      /* used entries of fields[] */
  struct {
    char name[48];     /* the JSON field or CSV column at fault */
    char message[160]; /* why it is wrong, one short sentence */
  } fields[QT_ERR_MAX_FIELDS];
} QtError;

/* Reset ERR to "no error". */
void qt_error_clear(QtError *err);

/*
 * Fill ERR with CODE and the printf-style message and return CODE, so that
 * failing takes one statement.  Field errors already recorded are kept.
 * The message is cut to fit and made valid UTF-8 (utf8_repair), whatever
 * bytes the arguments held, since it is shown to clients in JSON.
 */
QtCode qt_fail(QtError *err, QtCode code, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));

/*
 * Record that FIELD is wrong and why (printf-style).  Fields past
 * QT_ERR_MAX_FIELDS are dropped; the first ones are the most useful.
 * Both are cut to fit and made valid UTF-8, as qt_fail's message is.
 * Does not change err->code: finish with qt_fail(err, QT_EINVALID, ...).
 */
void qt_field(QtError *err, const char *field, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));

/* Short English name of CODE ("not_found"), for logs and problem types. */
const char *qt_code_name(QtCode code);

#endif
