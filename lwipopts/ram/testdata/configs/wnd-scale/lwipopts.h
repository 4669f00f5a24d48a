/* LWIP_WND_SCALE: a 32-bit tcpwnd_size_t and a scaled receive window. */
#define NO_SYS 1
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0
#define LWIP_WND_SCALE 1
#define TCP_RCV_SCALE 2
#define TCP_MSS 1460
#define TCP_WND (64 * TCP_MSS)
#define TCP_SND_BUF (16 * TCP_MSS)
#define TCP_SND_QUEUELEN 64
#define MEMP_NUM_TCP_SEG 64
#define MEM_ALIGNMENT 4
#define MEM_SIZE 32000
#define PBUF_POOL_SIZE 48
