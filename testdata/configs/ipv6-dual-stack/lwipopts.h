#ifndef LWIPOPTS_H
#define LWIPOPTS_H

/* Dual-stack gateway: IPv4 with DHCP, IPv6 with SLAAC and stateless DHCPv6. */
#define NO_SYS                          0
#define LWIP_IPV4                       1
#define LWIP_IPV6                       1
#define LWIP_IPV6_NUM_ADDRESSES         4
#define LWIP_IPV6_AUTOCONFIG            1
#define LWIP_IPV6_SEND_ROUTER_SOLICIT   1
#define LWIP_IPV6_MLD                   1
#define MEMP_NUM_MLD6_GROUP             6
#define LWIP_IPV6_DHCP6                 1
#define LWIP_IPV6_DHCP6_STATELESS       1
#define LWIP_IPV6_FRAG                  1
#define LWIP_IPV6_REASS                 1
#define LWIP_ND6_NUM_NEIGHBORS          16
#define LWIP_ND6_NUM_DESTINATIONS       16
#define LWIP_ND6_QUEUEING               1
#define LWIP_IPV6_SCOPES                1

#define LWIP_DHCP                       1
#define LWIP_DNS                        1
#define DNS_MAX_SERVERS                 4
#define LWIP_DHCP_MAX_DNS_SERVERS       2
#define LWIP_IGMP                       1

#define MEM_ALIGNMENT                   4
#define MEM_SIZE                        (24 * 1024)
#define PBUF_POOL_SIZE                  32
#define TCP_MSS                         1440
#define TCP_WND                         (4 * TCP_MSS)
#define TCP_SND_BUF                     (4 * TCP_MSS)
#define MEMP_NUM_SYS_TIMEOUT            (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 1)

#endif /* LWIPOPTS_H */
