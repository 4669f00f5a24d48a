/* An OS port with netconn and sockets, in the shape of lwIP's contrib unix
 * example configuration (written for lwiplint's tests). */
#ifndef LWIPOPTS_OS_SOCKETS_H
#define LWIPOPTS_OS_SOCKETS_H

#define NO_SYS                     0
#define LWIP_SOCKET                1
#define LWIP_NETCONN               1
#define LWIP_NETIF_API             1
#define LWIP_TCPIP_CORE_LOCKING    1

#define MEM_ALIGNMENT              4
#define MEM_SIZE                   (32 * 1024)
#define MEMP_NUM_PBUF              32
#define MEMP_NUM_UDP_PCB           8
#define MEMP_NUM_TCP_PCB           8
#define MEMP_NUM_TCP_PCB_LISTEN    4
#define MEMP_NUM_NETCONN           8
#define MEMP_NUM_SYS_TIMEOUT       12
#define PBUF_POOL_SIZE             32

#define LWIP_ARP                   1
#define LWIP_ETHERNET              1
#define LWIP_IPV4                  1
#define LWIP_ICMP                  1
#define LWIP_RAW                   1
#define LWIP_DHCP                  1
#define LWIP_AUTOIP                0
#define LWIP_DNS                   1
#define LWIP_IGMP                  1
#define LWIP_UDP                   1
#define LWIP_TCP                   1

#define TCP_MSS                    1460
#define TCP_WND                    (8 * TCP_MSS)
#define TCP_SND_BUF                (8 * TCP_MSS)
#define TCP_SND_QUEUELEN           ((4 * (TCP_SND_BUF) + (TCP_MSS - 1))/(TCP_MSS))
#define MEMP_NUM_TCP_SEG           (2 * TCP_SND_QUEUELEN)
#define TCP_LISTEN_BACKLOG         1
#define LWIP_SO_RCVTIMEO           1
#define LWIP_SO_SNDTIMEO           1
#define SO_REUSE                   1

#define LWIP_STATS                 1
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_NETIF_LINK_CALLBACK   1

#endif
