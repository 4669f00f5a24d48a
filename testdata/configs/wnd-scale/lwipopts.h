#ifndef LWIPOPTS_H
#define LWIPOPTS_H

/* High-throughput receiver: a 256 KiB window needs window scaling. The
 * heap and pools come from the C library so the window is not limited by
 * the pbuf pool. */
#define NO_SYS                  0
#define MEM_LIBC_MALLOC         1
#define MEMP_MEM_MALLOC         1
#define MEM_ALIGNMENT           8

#define LWIP_WND_SCALE          1
#define TCP_RCV_SCALE           2
#define TCP_MSS                 1460
/* 64 KiB times 2^TCP_RCV_SCALE */
#define TCP_WND                 (64*1024*4)
#define TCP_SND_BUF             (64*1024)
#define TCP_SND_QUEUELEN        ((4 * TCP_SND_BUF + TCP_MSS - 1) / TCP_MSS)
#define LWIP_TCP_SACK_OUT       1
#define TCP_QUEUE_OOSEQ         1

#endif
