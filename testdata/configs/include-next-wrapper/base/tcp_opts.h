/* Vendor defaults for TCP. */
#ifndef VENDOR_TCP_OPTS_H
#define VENDOR_TCP_OPTS_H

#define TCP_MSS                 1460
#define TCP_WND                 (4 * TCP_MSS)
#define TCP_SND_BUF             (4 * TCP_MSS)

#endif
