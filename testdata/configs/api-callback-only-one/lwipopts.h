/* Only the callback API is named; opt.h turns the event API off. */
#define NO_SYS                  0
#define LWIP_CALLBACK_API       1
#define LWIP_ALTCP              1
