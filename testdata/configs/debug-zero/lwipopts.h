#ifndef LWIPOPTS_H
#define LWIPOPTS_H

#define NO_SYS                  0

/* Meant as "debugging off", but lwIP only asks whether LWIP_DEBUG is
 * defined, so this switches debug output ON. */
#define LWIP_DEBUG              0

/* LWIP_DBG_ON comes from lwip/debug.h, which is read after this file: the
 * #ifdef below is never true here. */
#ifdef LWIP_DBG_ON
#define ETHARP_DEBUG            LWIP_DBG_ON
#endif

/* Using the debug constants in a macro body is fine: they are expanded
 * later, where they exist. */
#define TCP_DEBUG               LWIP_DBG_ON
#define TCP_INPUT_DEBUG         (LWIP_DBG_ON | LWIP_DBG_TRACE)
#define LWIP_DBG_MIN_LEVEL      LWIP_DBG_LEVEL_WARNING
#define LWIP_DBG_TYPES_ON       (LWIP_DBG_ON | LWIP_DBG_TRACE | LWIP_DBG_STATE)

/* In an #if inside this file, LWIP_DBG_ON is still 0. */
#if TCP_DEBUG
#define MEMP_OVERFLOW_CHECK     1
#endif

#endif
