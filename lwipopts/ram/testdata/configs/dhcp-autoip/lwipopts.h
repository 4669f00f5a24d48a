/* DHCP with AutoIP (and its address conflict detection). */
#define NO_SYS 1
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0
#define LWIP_DHCP 1
#define LWIP_AUTOIP 1
#define LWIP_DHCP_AUTOIP_COOP 1
#define LWIP_ACD 1
#define LWIP_DHCP_DOES_ACD_CHECK 1
#define MEM_ALIGNMENT 4
#define MEM_SIZE 8000
