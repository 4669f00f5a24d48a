#ifndef LWIPOPTS_H
#define LWIPOPTS_H

#define NO_SYS                          0
#define TCP_MSS                         0x5B4           /* 1460 */
#define TCP_SND_BUF                     0x10000         /* no window scaling: snd_buf is a u16 */
#define MEMP_NUM_TCP_SEG                180U
#define TCP_KEEPIDLE_DEFAULT            3600000UL
#define TCP_KEEPINTVL_DEFAULT           10000ul
#define TCP_KEEPCNT_DEFAULT             5u
#define LWIP_TCP_KEEPALIVE              1
#define IP_DEFAULT_TTL                  0100            /* octal: 64 */
#define MEM_ALIGNMENT                   04
#define MEM_SIZE                        0x8000L
#define PBUF_POOL_SIZE                  0x20
#define DNS_MAX_TTL                     0x7FFFFFFFLL
#define TCP_LISTEN_BACKLOG              1
#define TCP_DEFAULT_LISTEN_BACKLOG      (-1)            /* "unlimited", but it must fit a u8 */
#define LWIP_SOCKET_OFFSET              -0
#define ETH_PAD_SIZE                    +2
#define MEMP_NUM_SYS_TIMEOUT            (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 0x1)

#endif
