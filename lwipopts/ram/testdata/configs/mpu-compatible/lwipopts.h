/* LWIP_MPU_COMPATIBLE with sockets: the API messages carry their data. */
#define NO_SYS 0
#define LWIP_MPU_COMPATIBLE 1
#define LWIP_NETCONN 1
#define LWIP_SOCKET 1
#define LWIP_COMPAT_SOCKETS 0
#define LWIP_DNS 1
#define MEM_ALIGNMENT 4
#define MEM_SIZE 16000
