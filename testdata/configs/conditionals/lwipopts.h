#ifndef LWIPOPTS_H
#define LWIPOPTS_H

#define NO_SYS                  0

/* Tested before TCP_MSS is defined: reads as 0, so this is skipped. */
#if TCP_MSS > 1000
#define EARLY_BIG_MSS           1
#else
#define EARLY_BIG_MSS           0
#endif

#define TCP_MSS                 1460

/* Tested after: true. */
#if TCP_MSS > 1000
#define TCP_WND                 (8 * TCP_MSS)
#define LATE_BIG_MSS            1
#else
#define TCP_WND                 (4 * TCP_MSS)
#define LATE_BIG_MSS            0
#endif

/* Not defined yet while this file is read. */
#ifdef LWIP_DBG_ON
#define LWIP_DBG_TYPES_ON       LWIP_DBG_ON
#define SAW_DBG_ON              1
#else
#define SAW_DBG_ON              0
#endif

/* Compiler detection only works if the caller predefines the macro. */
#if defined(__GNUC__)
#define PACK_STRUCT_FIELD(x)    x
#define PACK_STRUCT_STRUCT      __attribute__((packed))
#define COMPILER_IS_GCC         1
#elif defined(__ICCARM__)
#define PACK_STRUCT_BEGIN       __packed
#define COMPILER_IS_GCC         0
#else
#define COMPILER_IS_GCC         0
#endif

/* A board revision from the command line. */
#if defined(BOARD_REV) && BOARD_REV >= 3
#define LWIP_IPV6               1
#elif BOARD_REV == 2
#define LWIP_IPV6               0
#endif

#if !defined(LWIP_IPV6)
#error "unknown board revision"
#endif

#endif
