#ifndef LWIPOPTS_H
#define LWIPOPTS_H

#define NO_SYS                  0

/* first value, then a deliberate change */
#define TCP_MSS                 536
#undef  TCP_MSS
#define TCP_MSS                 1000

/* the same definition twice is allowed */
#define MEM_SIZE                8192
#define MEM_SIZE                8192
#define MEM_SIZE                  8192  /* differs only in spacing */

/* two different definitions: gcc warns, the second one counts */
#define PBUF_POOL_SIZE          8
#define PBUF_POOL_SIZE          12

/* an option removed again: opt.h supplies the default */
#define LWIP_DNS                1
#undef LWIP_DNS

/* #undef of something never defined is harmless */
#undef LWIP_IGMP

#define TCP_WND                 (4 * TCP_MSS)
#define TCP_SND_BUF             (2 * TCP_MSS)

#endif
