#ifndef LWIPOPTS_H
#define LWIPOPTS_H

/* Linux-hosted test build: the heap is the C library's malloc()/free(),
 * the memp pools stay static. (From lwIP 2.2.1 on this option also turns
 * on MEM_CUSTOM_ALLOCATOR and its three hooks; in 2.1.3 it is a plain
 * switch.) */
#define NO_SYS                  0
#define MEM_LIBC_MALLOC         1
#define MEM_USE_POOLS           0
#define MEMP_MEM_MALLOC         0
#define mem_clib_malloc         malloc
#define mem_clib_free           free
#define mem_clib_calloc         calloc
#define MEM_ALIGNMENT           8
#define MEM_SIZE                (256 * 1024)

#define TCP_MSS                 1460
#define TCP_WND                 (10 * TCP_MSS)
#define TCP_SND_BUF             (10 * TCP_MSS)
#define MEMP_NUM_TCP_SEG        64
#define PBUF_POOL_SIZE          64

#endif
