/* The configuration of package tun, fixed. */
#ifndef LWIPOPTS_H
#define LWIPOPTS_H

#define NO_SYS                  1
#define LWIP_SOCKET             0
#define LWIP_NETCONN            0

#define MEM_ALIGNMENT           4
#define MEM_SIZE                (256 * 1024)
#define MEMP_NUM_TCP_PCB        128
#define MEMP_NUM_TCP_SEG        256

#define TCP_MSS                 1460
#define TCP_WND                 (16 * TCP_MSS)
#define TCP_SND_BUF             (16 * TCP_MSS)

#endif /* LWIPOPTS_H */
