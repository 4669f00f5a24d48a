#ifndef LWIPOPTS_H
#define LWIPOPTS_H

/* IPv4 device that finds an address by DHCP with AutoIP fallback, joins
 * multicast groups, resolves names and sends raw ICMP pings. */
#define NO_SYS                          0
#define LWIP_RAW                        1
#define MEMP_NUM_RAW_PCB                2
#define LWIP_DHCP                       1
#define LWIP_AUTOIP                     1
#define LWIP_DHCP_AUTOIP_COOP           1
#define LWIP_DHCP_AUTOIP_COOP_TRIES     3
#define DHCP_DOES_ARP_CHECK             1
#define LWIP_IGMP                       1
#define MEMP_NUM_IGMP_GROUP             4
#define LWIP_DNS                        1
#define DNS_TABLE_SIZE                  8
#define DNS_MAX_NAME_LENGTH             128
#define LWIP_DNS_SUPPORT_MDNS_QUERIES   1
#define LWIP_BROADCAST_PING             1
#define LWIP_MULTICAST_PING             1
#define IP_SOF_BROADCAST                1
#define IP_SOF_BROADCAST_RECV           1
#define MEMP_NUM_SYS_TIMEOUT            (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 1)

#endif
