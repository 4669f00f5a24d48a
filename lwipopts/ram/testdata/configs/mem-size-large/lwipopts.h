/* MEM_SIZE above 64000: mem_size_t becomes 32 bits, struct mem grows. */
#define NO_SYS 1
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0
#define MEM_ALIGNMENT 4
#define MEM_SIZE 100000
