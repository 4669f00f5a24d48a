/* A microcontroller Ethernet board with an RTOS, tuned for throughput
 * (written for lwiplint's tests). */
#define NO_SYS                     0
#define LWIP_SOCKET                1
#define LWIP_NETCONN               1
#define MEM_ALIGNMENT              4
#define MEM_SIZE                   (16 * 1024)
#define TCP_MSS                    1460
#define TCP_WND                    (8 * TCP_MSS)
#define TCP_SND_BUF                (8 * TCP_MSS)
#define MEMP_NUM_TCP_SEG           64
#define PBUF_POOL_SIZE             24
#define LWIP_DHCP                  1
#define LWIP_DNS                   1
#define LWIP_NETIF_HOSTNAME        1
#define CHECKSUM_GEN_IP            1
#define CHECKSUM_GEN_TCP           1
