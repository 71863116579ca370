/*
 * embedded.h — files compiled into the binary (cmake/embed.cmake):
 * migrations, reference data, the OpenAPI document and the web UI, so that
 * the installed program never reads the source tree.
 */
#ifndef QT_EMBEDDED_H
#define QT_EMBEDDED_H

#include <stddef.h>

typedef struct QtEmbedded {
  const char *path;          /* relative to the source root: "data/x.csv" */
  const unsigned char *data; /* the bytes, followed by a NUL */
  size_t size;               /* bytes, not counting the NUL */
} QtEmbedded;

/* Ends with an entry whose path is NULL. */
extern const QtEmbedded qt_embedded[];

/* The embedded file at PATH, or NULL. */
const QtEmbedded *qt_embedded_find(const char *path);

#endif
