#ifndef LWIPOPTS_H
#define LWIPOPTS_H

/* Values written as C expressions rather than preprocessor constants. All
 * of them compile as C, but lwIP tests options with #if. */
#define NO_SYS                          0
#define TCP_MSS                         1460

/* a cast: "missing binary operator" in every #if that uses it */
#define TCP_WND                         ((u16_t)4096)
/* sizeof is not an operator to the preprocessor */
#define MEM_SIZE                        (sizeof(int)*1024)
/* an enumerator from the RTOS headers: reads as 0 in #if, no error */
#define TCPIP_THREAD_PRIO               osPriorityAboveNormal
#define DEFAULT_THREAD_PRIO             tskIDLE_PRIORITY
/* empty: lwIP tests it with #if !LWIP_DISABLE_TCP_SANITY_CHECKS */
#define LWIP_DISABLE_TCP_SANITY_CHECKS
/* a floating constant */
#define TCP_TMR_INTERVAL                250.0
/* a string */
#define TCPIP_THREAD_NAME               "lwip"

#endif
