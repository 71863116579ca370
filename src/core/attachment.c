/*
 * attachment.c — file types by content and safe file names (see
 * attachment.h).  Pure functions: the handler feeds them an upload, the
 * store keeps what they accept.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "attachment.h"
#include "text.h"

/* ---- names ------------------------------------------------------------ */

/* Bytes in the UTF-8 sequence led by C (input already validated). */
static size_t seq_len(unsigned char c)
{
  if (c < 0x80) return 1;
  if (c < 0xe0) return 2;
  if (c < 0xf0) return 3;
  return 4;
}

static unsigned long decode(const unsigned char *p, size_t n)
{
  static const unsigned char lead_mask[] = {0, 0x7f, 0x1f, 0x0f, 0x07};
  unsigned long cp = p[0] & lead_mask[n];
  size_t i;

  for (i = 1; i < n; i++) {
    cp = (cp << 6) | (p[i] & 0x3fu);
  }
  return cp;
}

/* Characters that must not reach a header or a screen: controls, and
 * the marks that make "exe.pdf" display as "fdp.exe". */
static bool is_unsafe(unsigned long cp)
{
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x200e ||
         cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

/* Append to OUT (at *USED) the safe characters of [P, END), at most MAX;
 * returns how many there were in all, appended or not. */
static size_t copy_safe(const char *p, const char *end, size_t max,
                        char *out, size_t *used)
{
  size_t n, chars = 0;

  for (; p < end; p += n) {
    n = seq_len((unsigned char)*p);
    if (is_unsafe(decode((const unsigned char *)p, n))) continue;
    if (chars < max) {
      memcpy(out + *used, p, n);
      *used += n;
    }
    chars++;
  }
  return chars;
}

bool attachment_name_clean(const char *raw, char out[ATTACHMENT_NAME_SIZE])
{
  const char *base = raw, *end, *dot, *p;
  size_t used = 0, ext_chars = 0, scratch = 0;
  char ext[ATTACHMENT_NAME_SIZE];

  snprintf(out, ATTACHMENT_NAME_SIZE, "%s", ATTACHMENT_NAME_DEFAULT);
  if (!utf8_valid(raw, strlen(raw))) return false;
  /* Browsers on Windows have been known to send the whole path, with
   * either separator; only the last component names the file. */
  for (p = raw; *p; p++) {
    if (*p == '/' || *p == '\\') base = p + 1;
  }
  end = base + strlen(base);
  dot = strrchr(base, '.');
  if (dot && dot != base) {
    ext_chars = copy_safe(dot + 1, end, ATTACHMENT_EXT_CHARS, ext,
                          &scratch);
  }
  /* A name cut short keeps its extension (a short one), which says what
   * the file is to whoever downloads it. */
  if (ext_chars > 0 && ext_chars <= ATTACHMENT_EXT_CHARS &&
      copy_safe(base, end, 0, out, &used) > ATTACHMENT_NAME_CHARS) {
    copy_safe(base, dot, ATTACHMENT_NAME_CHARS - 1 - ext_chars, out, &used);
    out[used++] = '.';
    memcpy(out + used, ext, scratch);
    used += scratch;
  } else {
    copy_safe(base, end, ATTACHMENT_NAME_CHARS, out, &used);
  }
  out[used] = '\0';
  text_trim(out);
  if (!out[0] || strcmp(out, ".") == 0 || strcmp(out, "..") == 0) {
    snprintf(out, ATTACHMENT_NAME_SIZE, "%s", ATTACHMENT_NAME_DEFAULT);
  }
  return true;
}

/* ---- types ------------------------------------------------------------ */

/* The extension of NAME without its dot ("" when none), borrowed. */
static const char *extension(const char *name)
{
  const char *dot = strrchr(name, '.');

  return dot && dot != name ? dot + 1 : "";
}

static bool starts_with(const char *data, size_t len, const char *magic,
                        size_t n)
{
  return len >= n && memcmp(data, magic, n) == 0;
}

static const struct {
  const char *magic; /* the signature at offset 0 */
  size_t len;        /* its length */
  const char *mime;  /* the type it proves */
} signatures[] = {
  {"%PDF-", 5, "application/pdf"},
  {"\x89PNG\r\n\x1a\n", 8, "image/png"},
  {"\xff\xd8\xff", 3, "image/jpeg"},
  {"GIF87a", 6, "image/gif"},
  {"GIF89a", 6, "image/gif"},
};

static const struct {
  const char *ext;  /* lower case, no dot */
  const char *mime;
} office[] = {
  {"docx", "application/vnd.openxmlformats-officedocument."
           "wordprocessingml.document"},
  {"xlsx", "application/vnd.openxmlformats-officedocument."
           "spreadsheetml.sheet"},
  {"pptx", "application/vnd.openxmlformats-officedocument."
           "presentationml.presentation"},
};

static const char *const text_exts[] = {"", "txt", "csv", "md", "log"};

/* True when NEEDLE[0..M) occurs in HAY[0..N).  memmem is a GNU
 * extension; this is linear here because a needle whose first byte does
 * not recur in it cannot have overlapping partial matches. */
static bool contains(const char *hay, size_t n, const char *needle,
                     size_t m)
{
  const char *p = hay, *end = hay + n;

  while (m > 0 && (size_t)(end - p) >= m) {
    p = memchr(p, needle[0], (size_t)(end - p) - m + 1);
    if (!p) return false;
    if (memcmp(p, needle, m) == 0) return true;
    p++;
  }
  return false;
}

/* Accept an OOXML package: the ZIP signature alone would let any archive
 * in, so the name must say which Office format it is and the archive
 * must name [Content_Types].xml, which every OOXML package holds (its
 * central directory lists entry names uncompressed). */
static QtCode office_type(const char *data, size_t len, const char *ext,
                          const char **mime, QtError *err)
{
  static const char marker[] = "[Content_Types].xml";
  size_t i;

  for (i = 0; i < sizeof office / sizeof office[0]; i++) {
    if (strcasecmp(ext, office[i].ext) != 0) continue;
    if (!contains(data, len, marker, sizeof marker - 1)) break;
    *mime = office[i].mime;
    return QT_OK;
  }
  qt_field(err, "file", "ZIP files are accepted only as Word, Excel or "
                        "PowerPoint documents (.docx, .xlsx, .pptx)");
  return qt_fail(err, QT_EINVALID, "This kind of file is not accepted.");
}

QtCode attachment_type(const char *data, size_t len, const char *name,
                       const char **mime, QtError *err)
{
  const char *ext = extension(name);
  size_t i;

  *mime = NULL;
  if (len == 0) {
    qt_field(err, "file", "is empty");
    return qt_fail(err, QT_EINVALID, "The file is empty.");
  }
  for (i = 0; i < sizeof signatures / sizeof signatures[0]; i++) {
    if (starts_with(data, len, signatures[i].magic, signatures[i].len)) {
      *mime = signatures[i].mime;
      return QT_OK;
    }
  }
  if (starts_with(data, len, "PK\x03\x04", 4)) {
    return office_type(data, len, ext, mime, err);
  }
  if (!memchr(data, '\0', len) && utf8_valid(data, len)) {
    for (i = 0; i < sizeof text_exts / sizeof text_exts[0]; i++) {
      if (strcasecmp(ext, text_exts[i]) == 0) {
        *mime = "text/plain";
        return QT_OK;
      }
    }
    qt_field(err, "file", "is text, but its name says .%.16s; plain text "
                          "is accepted as .txt, .csv, .md or .log", ext);
    return qt_fail(err, QT_EINVALID, "The file is not what its name says.");
  }
  qt_field(err, "file", "must be a PDF, PNG, JPEG, GIF, Word, Excel, "
                        "PowerPoint or UTF-8 text file");
  return qt_fail(err, QT_EINVALID, "This kind of file is not accepted.");
}
