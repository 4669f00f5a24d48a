/* NO_SYS 0 with sockets and netconn: the API pools hold the port's OS types. */
#define NO_SYS 0
#define LWIP_NETCONN 1
#define LWIP_SOCKET 1
#define LWIP_COMPAT_SOCKETS 0
#define LWIP_NETIF_API 1
#define LWIP_DNS 1
#define MEM_ALIGNMENT 4
#define MEM_SIZE 24000
#define MEMP_NUM_NETCONN 10
#define MEMP_NUM_NETBUF 8
#define MEMP_NUM_TCPIP_MSG_INPKT 16
#define PBUF_POOL_SIZE 16
#define TCP_MSS 1460
#define TCP_SND_BUF (4 * TCP_MSS)
#define TCP_WND (4 * TCP_MSS)
#define LWIP_SO_RCVTIMEO 1
