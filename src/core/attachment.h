/*
 * attachment.h — what an uploaded file is and what it may be called,
 * decided from its bytes, with no I/O.
 *
 * A file's type is judged by its content (magic bytes), never by the
 * Content-Type a client declares: the type we serve it back with is the
 * one we found.  Its name is reduced to a safe base name for display and
 * for Content-Disposition.  Storing the bytes is src/store's business.
 */
#ifndef QT_ATTACHMENT_H
#define QT_ATTACHMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

enum {
  ATTACHMENT_NAME_CHARS = 200,  /* longest cleaned name, in characters */
  ATTACHMENT_EXT_CHARS = 16,    /* longest extension a cut name keeps */
  ATTACHMENT_NAME_SIZE = 801,   /* bytes for a cleaned name and its NUL */
  ATTACHMENT_MAX_PER_DEMAND = 20 /* attachments one demand may hold */
};

/* What a file is called when its name leaves nothing usable. */
#define ATTACHMENT_NAME_DEFAULT "附件"

/*
 * Clean RAW, a file name as a client sent it (a NUL-terminated string,
 * perhaps a whole path), into OUT: the part after the last '/' or '\',
 * without control characters (C0, DEL, C1) or the invisible marks that
 * reorder text (U+200E/F, U+202A-E, U+2066-9), trimmed, at most
 * ATTACHMENT_NAME_CHARS characters (a longer name is cut before its
 * extension, when that has 1 to ATTACHMENT_EXT_CHARS characters, and
 * keeps it); "附件" when nothing usable is left or
 * it is "." or "..".  So "../../etc/passwd" becomes "passwd".  Returns
 * false, leaving "附件" in OUT, when RAW is not valid UTF-8.
 */
bool attachment_name_clean(const char *raw, char out[ATTACHMENT_NAME_SIZE]);

/*
 * The MIME type of the file DATA[0..LEN) called NAME (cleaned), in *MIME
 * (a static string), judged by content: PDF, PNG, JPEG and GIF by their
 * signatures whatever the name; Word, Excel and PowerPoint (OOXML) by the
 * ZIP signature with a [Content_Types].xml entry and a .docx, .xlsx or
 * .pptx name; plain text when it is valid UTF-8 without NUL and the name
 * has no extension or a text one (.txt, .csv, .md, .log), so that HTML
 * or script text called "x.pdf" is refused.  QT_EINVALID with field
 * "file" saying why for anything else, and for an empty file.
 */
QtCode attachment_type(const char *data, size_t len, const char *name,
                       const char **mime, QtError *err);

#endif
