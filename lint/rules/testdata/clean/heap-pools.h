/* A Linux-hosted build with libc malloc for heap and pools, like ESP-IDF or
 * a unix port (written for lwiplint's tests). */
#define MEM_LIBC_MALLOC            1
#define MEMP_MEM_MALLOC            1
#define MEM_ALIGNMENT              4
#define TCP_MSS                    1440
#define TCP_SND_BUF                (4 * TCP_MSS)
#define TCP_WND                    (4 * TCP_MSS)
#define TCP_MSL                    10000
#define LWIP_TCP_KEEPALIVE         1
#define LWIP_EVENT_API             0
#define LWIP_CALLBACK_API          1
#define LWIP_NETCONN_SEM_PER_THREAD 1
#define LWIP_NETCONN_FULLDUPLEX    1
#define TCP_LISTEN_BACKLOG         1
