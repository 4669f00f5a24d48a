#ifndef LWIPOPTS_H
#define LWIPOPTS_H

/* Window scaling switched on, but the shift count was forgotten: opt.h only
 * supplies TCP_RCV_SCALE together with LWIP_WND_SCALE, so it stays
 * undefined. */
#define NO_SYS                  0
#define LWIP_WND_SCALE          1
#define TCP_MSS                 1460
#define TCP_WND                 0x20000
#define TCP_SND_BUF             (16 * TCP_MSS)
#define MEMP_NUM_TCP_SEG        64
#define PBUF_POOL_SIZE          128

#endif
