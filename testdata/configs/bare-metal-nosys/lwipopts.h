#ifndef LWIPOPTS_H
#define LWIPOPTS_H

/*
 * Bare-metal target: a main loop calls the Ethernet driver's poll function
 * and sys_check_timeouts(). Only the raw (callback) API is used.
 */
#define NO_SYS                      1
#define NO_SYS_NO_TIMERS            0
#define SYS_LIGHTWEIGHT_PROT        0
#define LWIP_SOCKET                 0
#define LWIP_NETCONN                0

/* memory: a static heap and small pools */
#define MEM_ALIGNMENT               4
#define MEM_SIZE                    (6 * 1024)
#define MEMP_NUM_PBUF               10
#define MEMP_NUM_UDP_PCB            4
#define MEMP_NUM_TCP_PCB            4
#define MEMP_NUM_TCP_PCB_LISTEN     2
#define MEMP_NUM_TCP_SEG            12
#define PBUF_POOL_SIZE              10
#define PBUF_POOL_BUFSIZE           LWIP_MEM_ALIGN_SIZE(TCP_MSS + 40 + PBUF_LINK_ENCAPSULATION_HLEN + PBUF_LINK_HLEN)

/* protocols */
#define LWIP_ARP                    1
#define ARP_TABLE_SIZE              8
#define ARP_QUEUEING                0
#define LWIP_ICMP                   1
#define LWIP_DHCP                   1
#define LWIP_UDP                    1
#define LWIP_TCP                    1
#define IP_REASSEMBLY               0
#define IP_FRAG                     0

/* TCP: two full segments in flight each way */
#define TCP_MSS                     1460
#define TCP_WND                     (2 * TCP_MSS)
#define TCP_SND_BUF                 (2 * TCP_MSS)
#define TCP_SND_QUEUELEN            (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_QUEUE_OOSEQ             0

#define LWIP_NETIF_LINK_CALLBACK    1
#define LWIP_NETIF_STATUS_CALLBACK  1
#define LWIP_STATS                  0
#define LWIP_PROVIDE_ERRNO          1

#endif /* LWIPOPTS_H */
