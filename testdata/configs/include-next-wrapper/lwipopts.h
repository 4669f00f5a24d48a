#ifndef LWIPOPTS_H
#define LWIPOPTS_H

#define NO_SYS                  0
/* Found through the include path: the project's override directory comes
 * first and wraps the vendor's copy. */
#include "tcp_opts.h"

#endif
