/* MEM_ALIGNMENT 8: every element and the heap rounded to 8 bytes. */
#define NO_SYS 1
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0
#define MEM_ALIGNMENT 8
#define MEM_SIZE 10001
#define PBUF_POOL_SIZE 12
#define PBUF_POOL_BUFSIZE 1001
