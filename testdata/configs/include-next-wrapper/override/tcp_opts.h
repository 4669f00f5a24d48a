/* Project wrapper: take the vendor's settings, then shrink the MSS for a
 * tunnel with a smaller MTU. */
#include_next "tcp_opts.h"

#undef  TCP_MSS
#define TCP_MSS                 1200
