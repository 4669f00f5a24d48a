#ifndef LWIPOPTS_H
#define LWIPOPTS_H

/* Options are split over several files: board-specific networking in
 * board/, TCP tuning shared by all boards in common/. */
#define NO_SYS                  0
#include "board/net_config.h"

#define LWIP_DHCP               1
#define LWIP_DNS                1

#endif
