/*
 * lwIP options for a chip SDK whose build system turns menu choices into
 * CONFIG_* macros (sdkconfig.h). Every tunable option reads its CONFIG_*
 * counterpart; options without a menu entry get a fixed value here.
 */
#ifndef LWIP_HDR_LWIPOPTS_SDK_H
#define LWIP_HDR_LWIPOPTS_SDK_H

#include "sdkconfig.h"

/* The OS is always there. */
#define NO_SYS                          0
#define LWIP_TIMERS                     1
#define LWIP_TCPIP_CORE_LOCKING         0
#define SYS_LIGHTWEIGHT_PROT            1

/* All memory comes from the C library heap; the memp pools are only
 * bookkeeping. */
#define MEM_LIBC_MALLOC                 1
#define MEMP_MEM_MALLOC                 1
#define MEM_ALIGNMENT                   4

#define MEMP_NUM_NETCONN                CONFIG_LWIP_MAX_SOCKETS
#define MEMP_NUM_TCP_PCB                CONFIG_LWIP_MAX_ACTIVE_TCP
#define MEMP_NUM_TCP_PCB_LISTEN         CONFIG_LWIP_MAX_LISTENING_TCP
#define MEMP_NUM_UDP_PCB                CONFIG_LWIP_MAX_UDP_PCBS
#define MEMP_NUM_RAW_PCB                CONFIG_LWIP_MAX_RAW_PCBS

#ifdef CONFIG_LWIP_SO_REUSE
#define SO_REUSE                        1
#else
#define SO_REUSE                        0
#endif

#ifdef CONFIG_LWIP_SO_REUSE_RXTOALL
#define SO_REUSE_RXTOALL                1
#else
#define SO_REUSE_RXTOALL                0
#endif

#ifdef CONFIG_LWIP_IP4_FRAG
#define IP_FRAG                         1
#else
#define IP_FRAG                         0
#endif

#ifdef CONFIG_LWIP_IP4_REASSEMBLY
#define IP_REASSEMBLY                   1
#else
#define IP_REASSEMBLY                   0
#endif

#ifdef CONFIG_LWIP_IPV6
#define LWIP_IPV6                       1
#define LWIP_IPV6_NUM_ADDRESSES         CONFIG_LWIP_IPV6_NUM_ADDRESSES
#else
#define LWIP_IPV6                       0
#endif

#ifdef CONFIG_LWIP_IP6_FRAG
#define LWIP_IPV6_FRAG                  1
#else
#define LWIP_IPV6_FRAG                  0
#endif

#ifdef CONFIG_LWIP_IPV6_AUTOCONFIG
#define LWIP_IPV6_AUTOCONFIG            1
#else
#define LWIP_IPV6_AUTOCONFIG            0
#endif

#define LWIP_DHCP                       1
#ifdef CONFIG_LWIP_DHCP_DOES_ARP_CHECK
#define DHCP_DOES_ARP_CHECK             1
#else
#define DHCP_DOES_ARP_CHECK             0
#endif
#define DHCP_OPTIONS_LEN                CONFIG_LWIP_DHCP_OPTIONS_LEN

#define LWIP_IGMP                       1
#define LWIP_DNS                        1
#define DNS_MAX_SERVERS                 CONFIG_LWIP_DNS_MAX_SERVERS

/* ---------- TCP ---------- */
#define LWIP_TCP                        1
#define TCP_MAXRTX                      CONFIG_LWIP_TCP_MAXRTX
#define TCP_SYNMAXRTX                   CONFIG_LWIP_TCP_SYNMAXRTX
#define TCP_MSS                         CONFIG_LWIP_TCP_MSS
#define TCP_TMR_INTERVAL                CONFIG_LWIP_TCP_TMR_INTERVAL
#define TCP_MSL                         CONFIG_LWIP_TCP_MSL
/* The vendor's fork lets this one be changed; upstream lwIP does not. */
#define TCP_FIN_WAIT_TIMEOUT            CONFIG_LWIP_TCP_FIN_WAIT_TIMEOUT
#define TCP_SND_BUF                     CONFIG_LWIP_TCP_SND_BUF_DEFAULT
#define TCP_WND                         CONFIG_LWIP_TCP_WND_DEFAULT
#define LWIP_TCP_RTO_TIME               CONFIG_LWIP_TCP_RTO_TIME

#ifdef CONFIG_LWIP_TCP_QUEUE_OOSEQ
#define TCP_QUEUE_OOSEQ                 1
#else
#define TCP_QUEUE_OOSEQ                 0
#endif

#ifdef CONFIG_LWIP_TCP_OVERSIZE_MSS
#define TCP_OVERSIZE                    TCP_MSS
#endif
#ifdef CONFIG_LWIP_TCP_OVERSIZE_QUARTER_MSS
#define TCP_OVERSIZE                    (TCP_MSS/4)
#endif
#ifdef CONFIG_LWIP_TCP_OVERSIZE_DISABLE
#define TCP_OVERSIZE                    0
#endif

#ifdef CONFIG_LWIP_WND_SCALE
#define LWIP_WND_SCALE                  1
#define TCP_RCV_SCALE                   CONFIG_LWIP_TCP_RCV_SCALE
#endif

#define LWIP_TCP_KEEPALIVE              1

/* ---------- threads and mailboxes ---------- */
#define TCPIP_THREAD_NAME               "tiT"
#define TCPIP_THREAD_STACKSIZE          CONFIG_LWIP_TCPIP_TASK_STACK_SIZE
#define TCPIP_MBOX_SIZE                 CONFIG_LWIP_TCPIP_RECVMBOX_SIZE
#define DEFAULT_UDP_RECVMBOX_SIZE       CONFIG_LWIP_UDP_RECVMBOX_SIZE
#define DEFAULT_TCP_RECVMBOX_SIZE       CONFIG_LWIP_TCP_RECVMBOX_SIZE
#define DEFAULT_ACCEPTMBOX_SIZE         6
#define DEFAULT_RAW_RECVMBOX_SIZE       6

/* ---------- sockets ---------- */
#define LWIP_SOCKET                     1
#define LWIP_NETCONN                    1
#define LWIP_SO_SNDTIMEO                1
#define LWIP_SO_RCVTIMEO                1
#define LWIP_SO_RCVBUF                  1
#define LWIP_NETIF_HOSTNAME             1
#define LWIP_NETIF_STATUS_CALLBACK      1
#define LWIP_NETIF_API                  1
#define LWIP_POSIX_SOCKETS_IO_NAMES     0
#define LWIP_SOCKET_OFFSET              0

/* ---------- SNTP ---------- */
#define SNTP_MAX_SERVERS                CONFIG_LWIP_SNTP_MAX_SERVERS
#define SNTP_UPDATE_DELAY               CONFIG_LWIP_SNTP_UPDATE_DELAY
#define SNTP_SERVER_DNS                 1

#define LWIP_STATS                      0
#ifdef CONFIG_LWIP_CHECKSUM_CHECK_ICMP
#define CHECKSUM_CHECK_ICMP             1
#else
#define CHECKSUM_CHECK_ICMP             0
#endif

#ifdef CONFIG_LWIP_ESP_LWIP_ASSERT
#define LWIP_NOASSERT                   0
#else
#define LWIP_NOASSERT                   1
#endif

#endif /* LWIP_HDR_LWIPOPTS_SDK_H */
