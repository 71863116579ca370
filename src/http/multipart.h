/*
 * multipart.h — a small, strict reader of multipart/form-data bodies
 * (RFC 7578 over RFC 2046), for uploads.
 *
 * server.c has already collected the whole body (capped), so this parses
 * a buffer rather than a stream: parts point into it, binary-safe.  It
 * understands what browsers and fetch send (Content-Disposition with
 * name and filename, an optional Content-Type) and refuses anything
 * malformed with QT_EBADREQ rather than guessing.
 */
#ifndef QT_MULTIPART_H
#define QT_MULTIPART_H

#include <stddef.h>

#include "http.h"

enum {
  MULTIPART_MAX_PARTS = 8,          /* parts in one body; more is a 400 */
  MULTIPART_MAX_HEADER_BYTES = 4096 /* header block of one part */
};

/* One part of a form, borrowed from the body and the arena. */
typedef struct FormPart {
  const char *name;     /* the field name from Content-Disposition */
  const char *filename; /* the filename parameter as sent (raw, not yet
                           cleaned), or NULL when there was none */
  const char *type;     /* the declared Content-Type, or NULL; never
                           trusted for what the content is */
  const char *data;     /* the content, inside the body */
  size_t len;           /* its bytes */
} FormPart;

/*
 * Parse BODY[0..LEN), sent with CONTENT_TYPE, into PARTS (room for
 * MULTIPART_MAX_PARTS) and *N_PARTS.  CONTENT_TYPE must be
 * multipart/form-data with a valid boundary (1-70 characters of RFC
 * 2046's set).  The body must start with a delimiter (or a preamble line
 * before one), every part must have a Content-Disposition of form-data
 * with a name, header lines must be printable UTF-8, and the body must end
 * with the closing delimiter.  Strings are copied into A; data points
 * into BODY.  QT_EBADREQ saying what is wrong otherwise.
 */
QtCode multipart_parse(const char *content_type, const char *body,
                       size_t len, Arena *a, FormPart *parts, int *n_parts,
                       QtError *err);

#endif
