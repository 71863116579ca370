/*
 * proxy.c — trusted proxies and the headers they forward (proxy.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "proxy.h"

static uint32_t prefix_mask(long bits)
{
  return bits == 0 ? 0 : (uint32_t)(0xffffffffu << (32 - bits));
}

/* Parse one entry, ENTRY[0..LEN), into *OUT. */
static bool parse_net(const char *entry, size_t len, ProxyNet *out)
{
  char text[32], *slash, *end;
  struct in_addr a;
  long bits = 32;

  if (len == 0 || len >= sizeof text) return false;
  memcpy(text, entry, len);
  text[len] = '\0';
  slash = strchr(text, '/');
  if (slash) {
    *slash = '\0';
    bits = strtol(slash + 1, &end, 10);
    /* A /0 would trust every address, which is no proxy at all. */
    if (!slash[1] || *end || bits < 1 || bits > 32) return false;
  }
  if (inet_pton(AF_INET, text, &a) != 1) return false;
  out->mask = prefix_mask(bits);
  out->net = ntohl(a.s_addr);
  /* "10.0.0.1/8" is most likely a typo for one address or for the
   * network: refuse it rather than guess. */
  return (out->net & ~out->mask) == 0;
}

QtCode proxy_parse_list(const char *text, ServerConfig *cfg, QtError *err)
{
  const char *p = text, *comma;
  size_t len;

  for (;;) {
    comma = strchr(p, ',');
    len = comma ? (size_t)(comma - p) : strlen(p);
    if (cfg->n_proxies >= SERVER_MAX_PROXIES) {
      return qt_fail(err, QT_EINVALID,
                     "--trusted-proxy: at most %d entries.",
                     SERVER_MAX_PROXIES);
    }
    if (!parse_net(p, len, &cfg->proxies[cfg->n_proxies])) {
      return qt_fail(err, QT_EINVALID,
                     "--trusted-proxy: '%.*s' is not an IPv4 address or "
                     "network (ADDR or ADDR/BITS, host bits zero).",
                     (int)(len > 40 ? 40 : len), p);
    }
    cfg->n_proxies++;
    if (!comma) return QT_OK;
    p = comma + 1;
  }
}

bool proxy_is_trusted(const ServerConfig *cfg, uint32_t addr)
{
  int i;

  for (i = 0; i < cfg->n_proxies; i++) {
    if ((addr & cfg->proxies[i].mask) == cfg->proxies[i].net) return true;
  }
  return false;
}

static bool is_blank(char ch)
{
  return ch == ' ' || ch == '\t';
}

/* Read the address TEXT[0..LEN) (blanks around it allowed) into OUT in
 * canonical form; *V4 gets it in host byte order when it is IPv4, else
 * stays untouched and *IS_V4 is false. */
static bool parse_address(const char *text, size_t len,
                          char out[PROXY_ADDR_TEXT], uint32_t *v4,
                          bool *is_v4)
{
  char s[PROXY_ADDR_TEXT];
  struct in_addr a;
  struct in6_addr a6;

  while (len > 0 && is_blank(*text)) {
    text++;
    len--;
  }
  while (len > 0 && is_blank(text[len - 1])) len--;
  if (len == 0 || len >= sizeof s) return false;
  memcpy(s, text, len);
  s[len] = '\0';
  *is_v4 = false;
  if (inet_pton(AF_INET, s, &a) == 1) {
    *is_v4 = true;
  } else if (inet_pton(AF_INET6, s, &a6) == 1) {
    if (!IN6_IS_ADDR_V4MAPPED(&a6)) {
      return inet_ntop(AF_INET6, &a6, out, PROXY_ADDR_TEXT) != NULL;
    }
    /* The proxy's own socket may be dual-stack: a v4 client in v6
     * clothes is still that v4 client, and may be a trusted proxy. */
    memcpy(&a.s_addr, &a6.s6_addr[12], 4);
    *is_v4 = true;
  } else {
    return false;
  }
  *v4 = ntohl(a.s_addr);
  return inet_ntop(AF_INET, &a, out, PROXY_ADDR_TEXT) != NULL;
}

bool proxy_client_address(const ServerConfig *cfg, const char *xff,
                          char out[PROXY_ADDR_TEXT])
{
  const char *end = xff + strlen(xff), *start;
  char addr[PROXY_ADDR_TEXT];
  uint32_t v4 = 0;
  bool is_v4;

  /* Each proxy appends the address it was reached from, so only the
   * right end was written by proxies we trust; the first address from
   * the right that is not one of them is the client, as far as anyone
   * we trust can tell. */
  for (;;) {
    start = end;
    while (start > xff && start[-1] != ',') start--;
    if (!parse_address(start, (size_t)(end - start), addr, &v4, &is_v4)) {
      return false;
    }
    if (start == xff || !is_v4 || !proxy_is_trusted(cfg, v4)) break;
    end = start - 1;
  }
  memcpy(out, addr, PROXY_ADDR_TEXT);
  return true;
}

bool proxy_is_https(const char *proto)
{
  return proto && strcasecmp(proto, "https") == 0;
}
