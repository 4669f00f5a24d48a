#ifndef LWIPOPTS_H
#define LWIPOPTS_H

#define NO_SYS                          0
#define LWIP_DHCP                       1
#define LWIP_DNS                        1

/* Attempts to change values that lwIP defines unconditionally. gcc only
 * warns that they are redefined; the header's definition wins. */
#define LWIP_NUM_SYS_TIMEOUT_INTERNAL   12
#define TCP_FIN_WAIT_TIMEOUT            5000
#define TCP_SYN_RCVD_TIMEOUT            5000
#define TCP_OOSEQ_TIMEOUT               3

/* This one is fine: tcp_priv.h only supplies a default. */
#define TCP_MSL                         10000UL

#endif
