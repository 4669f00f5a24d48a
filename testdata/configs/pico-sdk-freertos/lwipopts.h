#ifndef _LWIPOPTS_H
#define _LWIPOPTS_H

/* FreeRTOS build of the examples: lwIP gets its own thread and the
 * sequential APIs are switched on before the shared defaults are read. */
#define NO_SYS                      0
#define LWIP_SOCKET                 1

/* The shared header leaves netconn off; sockets sit on top of it. */
#include "lwipopts_examples_common.h"
#undef LWIP_NETCONN
#define LWIP_NETCONN                1

#define TCPIP_THREAD_STACKSIZE      1024
#define DEFAULT_THREAD_STACKSIZE    1024
#define DEFAULT_RAW_RECVMBOX_SIZE   8
#define DEFAULT_UDP_RECVMBOX_SIZE   8
#define DEFAULT_TCP_RECVMBOX_SIZE   8
#define DEFAULT_ACCEPTMBOX_SIZE     8
#define TCPIP_MBOX_SIZE             8
#define LWIP_TIMEVAL_PRIVATE        0

/* Run the stack with the core lock held instead of message passing. */
#define LWIP_TCPIP_CORE_LOCKING_INPUT 1

/* One extra timeout slot for the SNTP client used by one example. */
#define MEMP_NUM_SYS_TIMEOUT        (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 1)

#endif
