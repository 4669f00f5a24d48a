/* Someone wanted to make sure the event API is off and wrote only that. */
#define NO_SYS                  0
#define LWIP_EVENT_API          0
