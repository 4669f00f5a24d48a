/* IPv4 and IPv6 with IPv6 reassembly, MLD and ND6 queueing. */
#define NO_SYS 1
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0
#define LWIP_IPV4 1
#define LWIP_IPV6 1
#define LWIP_IPV6_REASS 1
#define LWIP_IPV6_FRAG 1
#define LWIP_IPV6_MLD 1
#define MEMP_NUM_REASSDATA 4
#define MEMP_NUM_ND6_QUEUE 8
#define MEMP_NUM_MLD6_GROUP 6
#define MEM_ALIGNMENT 4
#define MEM_SIZE 12000
#define IP_REASSEMBLY 1
#define IP_FRAG 1
