#ifndef LWIPOPTS_H
#define LWIPOPTS_H

/* A hosted test application tuned for throughput without window scaling:
 * the window and send buffer hold eight full segments, pools sized to
 * match, and the sanity checks in init.c all pass. */
#define NO_SYS                          0
#define LWIP_SOCKET                     1
#define LWIP_NETCONN                    1
#define LWIP_NETIF_API                  1
#define LWIP_TCPIP_CORE_LOCKING         1
#define SYS_LIGHTWEIGHT_PROT            1

#define MEM_ALIGNMENT                   4
#define MEM_SIZE                        (64 * 1024)
#define MEMP_NUM_PBUF                   32
#define MEMP_NUM_RAW_PCB                4
#define MEMP_NUM_UDP_PCB                8
#define MEMP_NUM_TCP_PCB                8
#define MEMP_NUM_TCP_PCB_LISTEN         4
#define MEMP_NUM_TCP_SEG                (2 * TCP_SND_QUEUELEN)
#define MEMP_NUM_REASSDATA              4
#define MEMP_NUM_ARP_QUEUE              16
#define MEMP_NUM_NETBUF                 8
#define MEMP_NUM_NETCONN                16
#define MEMP_NUM_TCPIP_MSG_API          16
#define MEMP_NUM_TCPIP_MSG_INPKT        32
#define PBUF_POOL_SIZE                  64

#define LWIP_ARP                        1
#define ARP_QUEUEING                    1
#define IP_REASSEMBLY                   1
#define IP_FRAG                         1
#define IP_REASS_MAX_PBUFS              16
#define LWIP_RAW                        1
#define LWIP_DHCP                       1
#define LWIP_DNS                        1
#define LWIP_IGMP                       1

#define TCP_MSS                         1460
#define TCP_WND                         (8 * TCP_MSS)
#define TCP_SND_BUF                     (8 * TCP_MSS)
#define TCP_SND_QUEUELEN                ((4 * TCP_SND_BUF + TCP_MSS - 1) / TCP_MSS)
#define TCP_QUEUE_OOSEQ                 1
#define LWIP_TCP_SACK_OUT               1
#define TCP_OVERSIZE                    TCP_MSS
#define LWIP_NETIF_TX_SINGLE_PBUF       1
#define LWIP_CHECKSUM_ON_COPY           1
#define LWIP_TCP_KEEPALIVE              1

#define TCPIP_MBOX_SIZE                 32
#define DEFAULT_RAW_RECVMBOX_SIZE       8
#define DEFAULT_UDP_RECVMBOX_SIZE       16
#define DEFAULT_TCP_RECVMBOX_SIZE       16
#define DEFAULT_ACCEPTMBOX_SIZE         8

#define LWIP_STATS                      1
#define LWIP_STATS_DISPLAY              1

#endif
