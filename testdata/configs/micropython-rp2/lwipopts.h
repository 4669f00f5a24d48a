#ifndef MICROPY_INCLUDED_RP2_LWIPOPTS_H
#define MICROPY_INCLUDED_RP2_LWIPOPTS_H

/* The interpreter's configuration decides which network features exist. */
#include "py/mpconfig.h"

/* lwIP runs from the interpreter's soft timer / IRQ context, no RTOS. */
#define NO_SYS                          1
#define SYS_LIGHTWEIGHT_PROT            1
#define MEM_ALIGNMENT                   4

#define LWIP_CHKSUM_ALGORITHM           3
#define LWIP_CHECKSUM_CTRL_PER_NETIF    1

#define LWIP_ARP                        1
#define LWIP_ETHERNET                   1
#define LWIP_RAW                        1
#define LWIP_NETCONN                    0
#define LWIP_SOCKET                     0
#define LWIP_STATS                      0
#define LWIP_NETIF_HOSTNAME             1
#define LWIP_NETIF_EXT_STATUS_CALLBACK  1

#define LWIP_IPV6                       0
#define LWIP_DHCP                       1
#define DHCP_DOES_ARP_CHECK             0
#define LWIP_DNS                        1
#define LWIP_DNS_SUPPORT_MDNS_QUERIES   1
#define LWIP_MDNS_RESPONDER             1
#define LWIP_IGMP                       1

/* Several netif client-data slots are taken by DHCP/mDNS/the app. */
#define LWIP_NUM_NETIF_CLIENT_DATA      LWIP_MDNS_RESPONDER
#define MEMP_NUM_UDP_PCB                (4 + LWIP_MDNS_RESPONDER)
/* core timers plus one for mDNS */
#define MEMP_NUM_SYS_TIMEOUT            (LWIP_NUM_SYS_TIMEOUT_INTERNAL + LWIP_MDNS_RESPONDER)

#define SO_REUSE                        1
#define TCP_LISTEN_BACKLOG              1

/* The interpreter buffers data itself, so the heap is moderate. */
#define MEM_SIZE                        16000
#define TCP_MSS                         1460
#define TCP_OVERSIZE                    TCP_MSS
#define TCP_WND                         (8 * TCP_MSS)
#define TCP_SND_BUF                     (8 * TCP_MSS)
#define TCP_SND_QUEUELEN                (2 * (TCP_SND_BUF / TCP_MSS))
#define TCP_QUEUE_OOSEQ                 1
#define MEMP_NUM_TCP_SEG                (2 * TCP_SND_QUEUELEN)

/* The interpreter's options come from a header that is not part of this
 * directory: in a plain #if they read as 0. */
#if MICROPY_PY_NETWORK_PPP_LWIP
#define PPP_SUPPORT                     1
#define PAP_SUPPORT                     1
#define CHAP_SUPPORT                    1
#endif

/* Random numbers come from the ring oscillator. */
#define LWIP_RAND() ((u32_t)rosc_random_u32())

typedef unsigned int sys_prot_t;

#endif /* MICROPY_INCLUDED_RP2_LWIPOPTS_H */
