/* The fuzz targets' small opt.h: the configuration first, then a default
 * for each option it leaves unset, as lwIP's opt.h does. */
#ifndef FUZZTREE_OPT_H
#define FUZZTREE_OPT_H

#include "lwipopts.h"

#define LWIP_MIN(x, y) (((x) < (y)) ? (x) : (y))
#define LWIP_MAX(x, y) (((x) > (y)) ? (x) : (y))
#define LWIP_MEM_ALIGN_SIZE(size) (((size) + MEM_ALIGNMENT - 1U) & ~(MEM_ALIGNMENT - 1U))

#ifndef NO_SYS
#define NO_SYS 0
#endif
#ifndef MEM_ALIGNMENT
#define MEM_ALIGNMENT 1
#endif
#ifndef MEM_SIZE
#define MEM_SIZE 1600
#endif
#ifndef MEM_LIBC_MALLOC
#define MEM_LIBC_MALLOC 0
#endif
#ifndef MEMP_MEM_MALLOC
#define MEMP_MEM_MALLOC 0
#endif
#ifndef MEMP_OVERFLOW_CHECK
#define MEMP_OVERFLOW_CHECK 0
#endif
#ifndef LWIP_IPV4
#define LWIP_IPV4 1
#endif
#ifndef LWIP_IPV6
#define LWIP_IPV6 0
#endif
#ifndef IP_REASSEMBLY
#define IP_REASSEMBLY 1
#endif
#ifndef IP_FRAG
#define IP_FRAG 1
#endif
#ifndef LWIP_ARP
#define LWIP_ARP 1
#endif
#ifndef LWIP_ETHERNET
#define LWIP_ETHERNET LWIP_ARP
#endif
#ifndef LWIP_UDP
#define LWIP_UDP 1
#endif
#ifndef LWIP_TCP
#define LWIP_TCP 1
#endif
#ifndef LWIP_RAW
#define LWIP_RAW 0
#endif
#ifndef LWIP_DHCP
#define LWIP_DHCP 0
#endif
#ifndef LWIP_AUTOIP
#define LWIP_AUTOIP 0
#endif
#ifndef LWIP_DNS
#define LWIP_DNS 0
#endif
#ifndef LWIP_IGMP
#define LWIP_IGMP 0
#endif
#ifndef LWIP_NETCONN
#define LWIP_NETCONN 1
#endif
#ifndef LWIP_SOCKET
#define LWIP_SOCKET 1
#endif
#ifndef LWIP_TCPIP_CORE_LOCKING
#define LWIP_TCPIP_CORE_LOCKING 1
#endif
#ifndef MEMP_NUM_PBUF
#define MEMP_NUM_PBUF 16
#endif
#ifndef MEMP_NUM_UDP_PCB
#define MEMP_NUM_UDP_PCB 4
#endif
#ifndef MEMP_NUM_TCP_PCB
#define MEMP_NUM_TCP_PCB 5
#endif
#ifndef MEMP_NUM_TCP_PCB_LISTEN
#define MEMP_NUM_TCP_PCB_LISTEN 8
#endif
#ifndef PBUF_POOL_SIZE
#define PBUF_POOL_SIZE 16
#endif
#ifndef TCP_TTL
#define TCP_TTL 255
#endif
#ifndef TCP_QUEUE_OOSEQ
#define TCP_QUEUE_OOSEQ LWIP_TCP
#endif
#if !defined TCP_MSS || defined __DOXYGEN__
#define TCP_MSS 536
#endif
#if !defined TCP_WND || defined __DOXYGEN__
#define TCP_WND (4 * TCP_MSS)
#endif
#ifndef TCP_MAXRTX
#define TCP_MAXRTX 12
#endif
#ifndef TCP_SYNMAXRTX
#define TCP_SYNMAXRTX 6
#endif
#ifndef TCP_CALCULATE_EFF_SEND_MSS
#define TCP_CALCULATE_EFF_SEND_MSS 1
#endif
#ifndef TCP_SND_BUF
#define TCP_SND_BUF (2 * TCP_MSS)
#endif
#ifndef TCP_SND_QUEUELEN
#define TCP_SND_QUEUELEN ((4 * (TCP_SND_BUF) + (TCP_MSS - 1))/(TCP_MSS))
#endif
#ifndef TCP_SNDLOWAT
#define TCP_SNDLOWAT LWIP_MIN(LWIP_MAX(((TCP_SND_BUF)/2), (2 * TCP_MSS) + 1), (TCP_SND_BUF) - 1)
#endif
#ifndef MEMP_NUM_TCP_SEG
#define MEMP_NUM_TCP_SEG TCP_SND_QUEUELEN
#endif
#ifndef TCP_LISTEN_BACKLOG
#define TCP_LISTEN_BACKLOG 0
#endif
#ifndef TCP_DEFAULT_LISTEN_BACKLOG
#define TCP_DEFAULT_LISTEN_BACKLOG 0xff
#endif
#ifndef LWIP_WND_SCALE
#define LWIP_WND_SCALE 0
#endif
#ifndef TCP_RCV_SCALE
#define TCP_RCV_SCALE 0
#endif
#ifndef TCP_TMR_INTERVAL
#define TCP_TMR_INTERVAL 250
#endif
#ifndef PBUF_LINK_HLEN
#define PBUF_LINK_HLEN (14 + ETH_PAD_SIZE)
#endif
#ifndef ETH_PAD_SIZE
#define ETH_PAD_SIZE 0
#endif
#ifndef PBUF_POOL_BUFSIZE
#define PBUF_POOL_BUFSIZE LWIP_MEM_ALIGN_SIZE(TCP_MSS+40+PBUF_LINK_ENCAPSULATION_HLEN+PBUF_LINK_HLEN)
#endif
#ifndef PBUF_LINK_ENCAPSULATION_HLEN
#define PBUF_LINK_ENCAPSULATION_HLEN 0
#endif
#ifndef TCPIP_MBOX_SIZE
#define TCPIP_MBOX_SIZE 0
#endif
#ifndef DEFAULT_TCP_RECVMBOX_SIZE
#define DEFAULT_TCP_RECVMBOX_SIZE 0
#endif
#ifndef LWIP_STATS
#define LWIP_STATS 1
#endif
#ifndef LWIP_NETIF_HOSTNAME
#define LWIP_NETIF_HOSTNAME 0
#endif
#ifndef LWIP_SO_RCVTIMEO
#define LWIP_SO_RCVTIMEO 0
#endif
#ifndef LWIP_SO_SNDTIMEO
#define LWIP_SO_SNDTIMEO 0
#endif
#ifndef LWIP_TCP_KEEPALIVE
#define LWIP_TCP_KEEPALIVE 0
#endif
#ifndef SO_REUSE
#define SO_REUSE 0
#endif
#ifndef MEMP_NUM_NETCONN
#define MEMP_NUM_NETCONN 4
#endif
#ifndef LWIP_CHECKSUM_CTRL_PER_NETIF
#define LWIP_CHECKSUM_CTRL_PER_NETIF 0
#endif

#if !LWIP_TCP
#undef LWIP_SOCKET
#define LWIP_SOCKET 0
#endif

#endif
