#ifndef LWIPOPTS_H
#define LWIPOPTS_H

#define NO_SYS                  0

/* The build picks the variant by naming its header. */
#ifndef OPTS_FILE
#define OPTS_FILE               "variant_a.h"
#endif
#include OPTS_FILE

/* the same trick with the angle-bracket form, built from two macros */
#define OPTS_DIR_HEADER(x)      <x>
#define NET_EXTRA               OPTS_DIR_HEADER(net_extra.h)
#include NET_EXTRA

#endif
