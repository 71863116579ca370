/*
 * proxy.h — who a request really comes from, and over what, when qitong
 * stands behind reverse proxies it was told to trust (--trusted-proxy).
 *
 * Only a trusted proxy's X-Forwarded-For and X-Forwarded-Proto are read;
 * from anyone else they are ignored, since a client could otherwise pick
 * the address its sign-in failures are counted under and the audit log
 * records.  server.c applies these to each request; nothing here touches
 * libmicrohttpd.
 */
#ifndef QT_PROXY_H
#define QT_PROXY_H

#include <stdbool.h>
#include <stdint.h>

#include "http.h"

enum { PROXY_ADDR_TEXT = 46 }; /* an IPv6 address as text, and a NUL */

/*
 * Add the entries of TEXT, "ADDR[/BITS][,ADDR[/BITS]...]" with IPv4
 * addresses and prefixes of 1 to 32 bits, to CFG->proxies.  QT_EINVALID
 * naming the entry for a malformed one, a prefix with host bits set
 * ("10.0.0.1/8"), or more than SERVER_MAX_PROXIES entries in all.
 */
QtCode proxy_parse_list(const char *text, ServerConfig *cfg, QtError *err);

/* True when ADDR (IPv4, host byte order) is one of CFG's proxies. */
bool proxy_is_trusted(const ServerConfig *cfg, uint32_t addr);

/*
 * The client behind a trusted proxy that sent X-Forwarded-For XFF (all
 * its values joined by commas): walking from the right, the first entry
 * that is not itself a trusted proxy (the left-most when all are), into
 * OUT in canonical form (IPv4 dotted quad, or IPv6 as inet_ntop writes
 * it; an IPv4-mapped IPv6 address as IPv4).  Entries to the left of it
 * are the client's own claims and are not looked at.  False, with OUT
 * untouched, when an entry it had to read is not an address (a port, a
 * name, an empty entry, "unknown"): the caller then keeps the peer.
 */
bool proxy_client_address(const ServerConfig *cfg, const char *xff,
                          char out[PROXY_ADDR_TEXT]);

/* True when X-Forwarded-Proto value PROTO is "https" (any case). */
bool proxy_is_https(const char *proto);

#endif
