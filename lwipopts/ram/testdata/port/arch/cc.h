/* The minimal port of the RAM fixtures (lwiplint's own): GCC on a
 * little-endian 32-bit target. */
#ifndef LWIPLINT_RAM_CC_H
#define LWIPLINT_RAM_CC_H
#include <stdlib.h>
#define LWIP_PLATFORM_DIAG(x) do { } while (0)
#define LWIP_PLATFORM_ASSERT(x) do { abort(); } while (0)
#define PACK_STRUCT_STRUCT __attribute__((packed))
#define LWIP_RAND() ((u32_t)rand())
#define LWIP_PROVIDE_ERRNO 1
/* SYS_LIGHTWEIGHT_PROT needs it with NO_SYS 1 too, when sys.h does not
 * include sys_arch.h. */
typedef unsigned long sys_prot_t;
#endif
