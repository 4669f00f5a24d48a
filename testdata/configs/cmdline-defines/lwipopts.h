#ifndef LWIPOPTS_H
#define LWIPOPTS_H

#define NO_SYS                  0

/* The build may set these with -D; these are fallbacks. */
#ifndef TCP_MSS
#define TCP_MSS                 536
#endif
#ifndef LWIP_DHCP
#define LWIP_DHCP               0
#endif

#define MEM_SIZE                (NET_HEAP_KB * 1024)
#define TCP_WND                 (4 * TCP_MSS)
#define TCP_SND_BUF             (4 * TCP_MSS)

#if BOARD_HAS_PHY_IRQ
#define LWIP_NETIF_LINK_CALLBACK 1
#endif

#endif
