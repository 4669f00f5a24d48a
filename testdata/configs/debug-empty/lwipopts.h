#ifndef LWIPOPTS_H
#define LWIPOPTS_H

#define NO_SYS                  0

/* The usual way to switch debugging on: an empty definition. It works for
 * lwIP's #ifdef tests, but an #if on it is malformed. */
#define LWIP_DEBUG
#define LWIP_DBG_TYPES_ON       LWIP_DBG_ON
#define TCP_DEBUG               LWIP_DBG_ON
#define DHCP_DEBUG              LWIP_DBG_ON
#define IP_DEBUG                (LWIP_DBG_ON | LWIP_DBG_LEVEL_SERIOUS)
#define LWIP_NOASSERT

#endif
