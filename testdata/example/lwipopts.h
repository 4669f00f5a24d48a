/*
 * Example configuration for lwiplint's README: an RTOS build with sockets
 * where someone raised the SYN retries and the send buffer by hand.
 */
#ifndef EXAMPLE_LWIPOPTS_H
#define EXAMPLE_LWIPOPTS_H

#include "main.h"               /* board header: not in this example */

#define NO_SYS                  0
#define LWIP_SOCKET             1
#define LWIP_DHCP               1
#define LWIP_DNS                1

#define MEM_ALIGNMENT           4
#define MEM_SIZE                (10 * 1024)

#define TCP_MSS                 1460
#define TCP_SND_BUF             (8 * TCP_MSS)
#define TCP_WND                 (4 * TCP_MSS)
#define TCP_SYNMAXRTX           12

#endif /* EXAMPLE_LWIPOPTS_H */
