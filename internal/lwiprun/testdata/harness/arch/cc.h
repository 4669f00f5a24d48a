/* The harness's architecture header for lwIP on a Linux host (written for
 * lwiplint; not lwIP's unix port). lwIP's own arch.h supplies the rest. */
#ifndef LWIPRUN_ARCH_CC_H
#define LWIPRUN_ARCH_CC_H

#include <stdio.h>
#include <stdlib.h>

#define LWIP_PLATFORM_DIAG(x) do { printf x; } while (0)
#define LWIP_PLATFORM_ASSERT(x) do { \
    fprintf(stderr, "lwip assertion: %s (%s:%d)\n", x, __FILE__, __LINE__); \
    abort(); \
  } while (0)
#define LWIP_RAND() ((u32_t)rand())

#endif
