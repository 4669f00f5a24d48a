/* Both TCP APIs switched on at once. */
#define NO_SYS                  1
#define LWIP_SOCKET             0
#define LWIP_NETCONN            0
#define LWIP_EVENT_API          1
#define LWIP_CALLBACK_API       1
