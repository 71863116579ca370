/* embedded_find.c — look-up in the table cmake/embed.cmake writes. */
#include <string.h>

#include "embedded.h"

const QtEmbedded *qt_embedded_find(const char *path)
{
  const QtEmbedded *e;

  for (e = qt_embedded; e->path; e++) {
    if (strcmp(e->path, path) == 0) return e;
  }
  return NULL;
}
