/* MEMP_OVERFLOW_CHECK: sanity regions before and after every element. */
#define NO_SYS 1
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0
#define MEMP_OVERFLOW_CHECK 1
#define MEMP_SANITY_CHECK 1
#define MEM_OVERFLOW_CHECK 1
#define MEM_ALIGNMENT 4
#define MEM_SIZE 8000
