#ifndef LWIPOPTS_H
#define LWIPOPTS_H

/*
 * Application processor running an RTOS: the stack has its own thread and
 * applications use BSD sockets from several tasks.
 */
#define NO_SYS                          0
#define LWIP_SOCKET                     1
#define LWIP_NETCONN                    1
#define LWIP_NETIF_API                  1
#define LWIP_TCPIP_CORE_LOCKING         1
#define LWIP_TCPIP_CORE_LOCKING_INPUT   1
#define LWIP_COMPAT_SOCKETS             0
#define LWIP_POSIX_SOCKETS_IO_NAMES     0
#define LWIP_SO_RCVTIMEO                1
#define LWIP_SO_SNDTIMEO                1
#define LWIP_SO_RCVBUF                  1
#define LWIP_SO_LINGER                  1
#define SO_REUSE                        1
#define LWIP_SOCKET_SELECT              1
#define LWIP_SOCKET_POLL                1
#define LWIP_NETCONN_SEM_PER_THREAD     1
#define LWIP_NETCONN_FULLDUPLEX         1

#define TCPIP_THREAD_NAME               "tcpip"
#define TCPIP_THREAD_STACKSIZE          2048
#define TCPIP_THREAD_PRIO               24
#define TCPIP_MBOX_SIZE                 16
#define DEFAULT_THREAD_STACKSIZE        1024
#define DEFAULT_RAW_RECVMBOX_SIZE       8
#define DEFAULT_UDP_RECVMBOX_SIZE       8
#define DEFAULT_TCP_RECVMBOX_SIZE       8
#define DEFAULT_ACCEPTMBOX_SIZE         8

#define MEM_ALIGNMENT                   4
#define MEM_SIZE                        (32 * 1024)
#define MEMP_NUM_NETCONN                12
#define MEMP_NUM_TCP_PCB                10
#define MEMP_NUM_TCP_PCB_LISTEN         4
#define MEMP_NUM_UDP_PCB                6
#define MEMP_NUM_TCP_SEG                TCP_SND_QUEUELEN
#define MEMP_NUM_NETBUF                 8
#define PBUF_POOL_SIZE                  24

#define LWIP_DHCP                       1
#define LWIP_DNS                        1
#define LWIP_IGMP                       1
#define MEMP_NUM_SYS_TIMEOUT            (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 2)

#define TCP_MSS                         1460
#define TCP_WND                         (6 * TCP_MSS)
#define TCP_SND_BUF                     (6 * TCP_MSS)
#define TCP_OVERSIZE                    TCP_MSS
#define LWIP_TCP_KEEPALIVE              1
#define LWIP_NETIF_TX_SINGLE_PBUF       1

#define LWIP_STATS                      1
#define LWIP_STATS_DISPLAY              0

#endif /* LWIPOPTS_H */
