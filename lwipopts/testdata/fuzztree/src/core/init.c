/* The fuzz targets' small init.c: a few compile-time checks shaped like
 * lwIP's own, for the LW9003 replay. */
#include "lwip/opt.h"

#if !LWIP_UDP && LWIP_DNS
#error "fuzztree: DNS needs UDP"
#endif
#if LWIP_TCP && (TCP_WND > 0xffff) && !LWIP_WND_SCALE
#error "fuzztree: TCP_WND over 0xffff needs LWIP_WND_SCALE"
#endif
#if LWIP_TCP && (TCP_SND_QUEUELEN > 0xffff)
#error "fuzztree: TCP_SND_QUEUELEN over 0xffff"
#endif
#if LWIP_TCP && (TCP_SND_QUEUELEN < 2)
#error "fuzztree: TCP_SND_QUEUELEN below 2"
#endif
#if LWIP_TCP && (TCP_SND_BUF < (2 * TCP_MSS))
#error "fuzztree: TCP_SND_BUF below two segments"
#endif
#if (LWIP_SOCKET || LWIP_NETCONN) && NO_SYS
#error "fuzztree: the sequential API needs NO_SYS 0"
#endif
#if MEM_LIBC_MALLOC && MEMP_MEM_MALLOC && MEM_USE_POOLS
#error "fuzztree: MEM_USE_POOLS with both allocators from the C library"
#endif
