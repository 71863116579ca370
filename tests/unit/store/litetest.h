/*
 * litetest.h — for store tests on SQLite: a database file of their own
 * under /tmp, and its removal with the journal files SQLite leaves.
 */
#ifndef QT_LITETEST_H
#define QT_LITETEST_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum { LITETEST_PATH = 64 };

/* A new empty file /tmp/qitong-WHAT-XXXXXX, its name into PATH: 0, or -1
 * when none could be made. */
static inline int litetest_file(char path[LITETEST_PATH], const char *what)
{
  int fd;

  snprintf(path, LITETEST_PATH, "/tmp/qitong-%s-XXXXXX", what);
  fd = mkstemp(path);
  if (fd < 0) return -1;
  close(fd);
  return 0;
}

/* Remove the database PATH and its -wal and -shm files. */
static inline void litetest_remove(const char *path)
{
  char side[LITETEST_PATH + 8];

  unlink(path);
  snprintf(side, sizeof side, "%s-wal", path);
  unlink(side);
  snprintf(side, sizeof side, "%s-shm", path);
  unlink(side);
}

#endif
