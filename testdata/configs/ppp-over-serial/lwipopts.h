#ifndef LWIPOPTS_H
#define LWIPOPTS_H

/* Cellular modem on a UART: PPP over serial, no Ethernet. */
#define NO_SYS                          0
#define LWIP_ARP                        0
#define LWIP_ETHERNET                   0

#define PPP_SUPPORT                     1
#define PPPOS_SUPPORT                   1
#define PPPOE_SUPPORT                   0
#define PPP_IPV4_SUPPORT                1
#define PPP_IPV6_SUPPORT                0
#define PAP_SUPPORT                     1
#define CHAP_SUPPORT                    1
#define MSCHAP_SUPPORT                  0
#define VJ_SUPPORT                      1
#define PPP_NOTIFY_PHASE                1
#define PPP_USE_PBUF_RAM                1
#define LWIP_PPP_API                    1
#define PPP_MAXIDLEFLAG                 100
#define MEMP_NUM_PPP_PCB                1

#define LWIP_DNS                        1
#define LWIP_SOCKET                     1
#define LWIP_NETCONN                    1
#define TCP_MSS                         1400
#define MEM_ALIGNMENT                   4
#define MEM_SIZE                        (12 * 1024)

#endif
