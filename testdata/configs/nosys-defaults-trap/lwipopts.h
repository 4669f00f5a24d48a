/* Bare-metal port, but only NO_SYS was changed: netconn and sockets are
 * still on by default and need an OS. */
#define NO_SYS                  1
#define MEM_ALIGNMENT           4
#define LWIP_DHCP               1
