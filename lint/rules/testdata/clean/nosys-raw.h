/* A bare-metal port without an OS using the raw API, in the shape of lwIP's
 * NO_SYS example configurations (written for lwiplint's tests). */
#define NO_SYS                     1
#define LWIP_SOCKET                0
#define LWIP_NETCONN               0
#define SYS_LIGHTWEIGHT_PROT       0

#define MEM_ALIGNMENT              4
#define MEM_SIZE                   (10 * 1024)
#define MEMP_NUM_PBUF              16
#define MEMP_NUM_TCP_PCB           4
#define PBUF_POOL_SIZE             16

#define LWIP_DHCP                  1
#define LWIP_DNS                   0
#define LWIP_TCP                   1
#define LWIP_UDP                   1
#define TCP_MSS                    536
#define TCP_WND                    (4 * TCP_MSS)
#define TCP_SND_BUF                (2 * TCP_MSS)
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_STATS                 0
