#ifndef LWIPOPTS_H
#define LWIPOPTS_H

/* Thread/6LoWPAN-ish node: no IPv4 at all. */
#define NO_SYS                          1
#define LWIP_SOCKET                     0
#define LWIP_NETCONN                    0

#define LWIP_IPV4                       0
#define LWIP_IPV6                       1
/* Without IPv4 there is nothing for ARP to resolve; Ethernet framing is
 * still used for IPv6. */
#define LWIP_ARP                        0
#define LWIP_ETHERNET                   1
#define LWIP_IPV6_AUTOCONFIG            1
#define LWIP_IPV6_MLD                   1
#define LWIP_ICMP6                      1
#define LWIP_IPV6_FRAG                  0
#define LWIP_IPV6_REASS                 0
#define LWIP_IPV6_NUM_ADDRESSES         3

/* These are IPv4 features; opt.h switches DHCP and AutoIP off anyway when
 * LWIP_IPV4 is 0. IGMP must be off by hand. */
#define LWIP_DHCP                       1
#define LWIP_IGMP                       0

#define LWIP_UDP                        1
#define LWIP_TCP                        1
#define TCP_MSS                         1220
#define MEM_ALIGNMENT                   4
#define MEM_SIZE                        (8 * 1024)

#endif /* LWIPOPTS_H */
