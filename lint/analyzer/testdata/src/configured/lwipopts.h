/* The configuration of package tun, with a .lwiplint.toml that ignores
 * LW4003 and raises LW1001 to an error. */
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
#define TCP_SND_QUEUELEN        32
#define TCP_SYNMAXRTX           12 // want `^error LW1001 TCP_SYNMAXRTX = 12 \(lwipopts.h:19\) raises SYN retries`

#endif /* LWIPOPTS_H */
