#ifndef LWIPOPTS_H
#define LWIPOPTS_H

/* A big send buffer without window scaling: pcb->snd_buf is 16 bits wide,
 * so 131070 is cut down to 65534 at run time, and no #error says so. */
#define NO_SYS                  0
#define TCP_MSS                 1460
#define TCP_SND_BUF             (65535*2)
#define TCP_WND                 (32 * 1024)
#define MEMP_NUM_TCP_SEG        ((4 * TCP_SND_BUF + TCP_MSS - 1) / TCP_MSS)
#define PBUF_POOL_SIZE          40
#define MEM_SIZE                (160 * 1024)

#endif
