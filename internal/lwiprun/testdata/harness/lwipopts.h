/* The harness's lwipopts.h: the fixture's configuration (LWIPRUN_FIXTURE,
 * its own lwipopts.h, included as it is), then the few options a host
 * harness needs: no OS, the raw API with callbacks, both IP versions, no
 * threaded APIs or PPP. Timers, TCP and memory options stay the fixture's. */
#ifndef LWIPRUN_LWIPOPTS_H
#define LWIPRUN_LWIPOPTS_H

#include LWIPRUN_FIXTURE

#undef NO_SYS
#define NO_SYS 1
#undef SYS_LIGHTWEIGHT_PROT
#define SYS_LIGHTWEIGHT_PROT 0
#undef LWIP_TIMERS
#define LWIP_TIMERS 1
#undef LWIP_TIMERS_CUSTOM
#define LWIP_TIMERS_CUSTOM 0
#undef LWIP_SOCKET
#define LWIP_SOCKET 0
#undef LWIP_NETCONN
#define LWIP_NETCONN 0
#undef LWIP_NETIF_API
#define LWIP_NETIF_API 0
#undef LWIP_TCPIP_CORE_LOCKING
#define LWIP_TCPIP_CORE_LOCKING 0
#undef LWIP_TCPIP_CORE_LOCKING_INPUT
#define LWIP_TCPIP_CORE_LOCKING_INPUT 0
#undef PPP_SUPPORT
#define PPP_SUPPORT 0
#undef LWIP_PPP_API
#define LWIP_PPP_API 0 /* init.c: the PPP API needs PPP_SUPPORT and NO_SYS=0 */
#undef LWIP_TCP
#define LWIP_TCP 1
#if defined(LWIP_IPV4) && !LWIP_IPV4
/* An IPv6-only fixture: IPv4 comes on for the harness, without DHCP,
 * AutoIP or ACD, whose init.c checks need the ARP the fixture left off. */
#undef LWIP_DHCP
#define LWIP_DHCP 0
#undef LWIP_AUTOIP
#define LWIP_AUTOIP 0
#undef LWIP_ACD
#define LWIP_ACD 0
#undef LWIP_DHCP_DOES_ACD_CHECK
#define LWIP_DHCP_DOES_ACD_CHECK 0
#endif
#undef LWIP_IPV4
#define LWIP_IPV4 1
#undef LWIP_IPV6
#define LWIP_IPV6 1
#undef LWIP_CALLBACK_API
#define LWIP_CALLBACK_API 1
#undef LWIP_EVENT_API
#define LWIP_EVENT_API 0
#undef LWIP_ALTCP
#define LWIP_ALTCP 0
#undef LWIP_ALTCP_TLS
#define LWIP_ALTCP_TLS 0
#undef LWIP_DEBUG
#undef LWIP_NOASSERT
#undef LWIP_ERRNO_STDINCLUDE
#undef LWIP_PROVIDE_ERRNO
#define LWIP_PROVIDE_ERRNO 1
#undef LWIP_TCPIP_CORE_LOCKING
#undef LWIP_ASSERT_CORE_LOCKED
#undef LWIP_MPU_COMPATIBLE
#define LWIP_MPU_COMPATIBLE 0
#undef LWIP_HOOK_FILENAME
#undef LWIP_HOOK_TCP_ISN
#undef LWIP_HOOK_IP4_INPUT
#undef LWIP_HOOK_IP4_ROUTE
#undef LWIP_HOOK_IP4_ROUTE_SRC
#undef LWIP_HOOK_TCP_INPACKET_PCB
#undef LWIP_HOOK_TCP_OUT_TCPOPT_LENGTH
#undef LWIP_HOOK_TCP_OUT_ADD_TCPOPTS
#undef LWIP_HOOK_IP6_INPUT
#undef LWIP_HOOK_IP6_ROUTE
#undef LWIP_HOOK_ND6_GET_GW
#undef LWIP_HOOK_VLAN_CHECK
#undef LWIP_HOOK_VLAN_SET
#undef LWIP_HOOK_MEMP_AVAILABLE
#undef LWIP_HOOK_UNKNOWN_ETH_PROTOCOL
#undef LWIP_HOOK_DHCP_APPEND_OPTIONS
#undef LWIP_HOOK_DHCP_PARSE_OPTION
#undef LWIP_HOOK_DHCP6_APPEND_OPTIONS
#undef LWIP_HOOK_SOCKETS_SETSOCKOPT
#undef LWIP_HOOK_SOCKETS_GETSOCKOPT
#undef LWIP_HOOK_NETCONN_EXTERNAL_RESOLVE
#undef LWIP_SNMP
#define LWIP_SNMP 0
#undef MIB2_STATS
#define MIB2_STATS 0
#undef MEM_CUSTOM_ALLOCATOR
#undef MEMP_USE_CUSTOM_POOLS
#define MEMP_USE_CUSTOM_POOLS 0
#undef LWIP_SUPPORT_CUSTOM_PBUF
#undef IPV6_FRAG_COPYHEADER
#define IPV6_FRAG_COPYHEADER 1 /* ip6_frag.c asserts it on 64-bit hosts */
#undef LWIP_PERF
#define LWIP_PERF 0

#endif
