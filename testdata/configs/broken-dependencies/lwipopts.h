#ifndef LWIPOPTS_H
#define LWIPOPTS_H

/* UDP was switched off to save flash, but services that need it were
 * left on; AutoIP without ARP; IGMP without multicast TX options. */
#define NO_SYS                          1
#define LWIP_SOCKET                     0
#define LWIP_NETCONN                    0
#define LWIP_UDP                        0
#define LWIP_DHCP                       1
#define LWIP_DNS                        1
#define LWIP_IGMP                       1
#define LWIP_ARP                        0
#define LWIP_AUTOIP                     1
#define IP_SOF_BROADCAST_RECV           1

#endif
