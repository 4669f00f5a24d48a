/* A correct event-API configuration: both macros given, exactly one is 1.
 * The application provides lwip_tcp_event(). */
#define NO_SYS                  1
#define LWIP_SOCKET             0
#define LWIP_NETCONN            0
#define LWIP_EVENT_API          1
#define LWIP_CALLBACK_API       0
#define MEMP_NUM_TCP_PCB        8
#define TCP_MSS                 1024
