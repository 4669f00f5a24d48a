#ifndef COMMON_TCP_TUNING_H
#define COMMON_TCP_TUNING_H

#define TCP_MSS                 1460
#define TCP_WND                 (8 * TCP_MSS)
#define TCP_SND_BUF             (8 * TCP_MSS)
#define MEMP_NUM_TCP_SEG        (4 * TCP_SND_BUF / TCP_MSS)

#endif
