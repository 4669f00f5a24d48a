#ifndef LWIPOPTS_SELF_H
#define LWIPOPTS_SELF_H

#define NO_SYS                  0
#define TCP_MSS                 1400

/* A leftover from a copy-paste: the file includes itself. The guard turns
 * the second inclusion into nothing. */
#include "lwipopts.h"

#define TCP_WND                 (4 * TCP_MSS)

#endif /* LWIPOPTS_SELF_H */

/* outside the guard: read twice with the self-include, once without it */
#ifndef SELF_INCLUDE_COUNT
#define SELF_INCLUDE_COUNT      1
#else
#undef  SELF_INCLUDE_COUNT
#define SELF_INCLUDE_COUNT      2
#endif
