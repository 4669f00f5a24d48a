/* MEM_LIBC_MALLOC: the heap is the C library's, pools stay. */
#define NO_SYS 1
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0
#define MEM_LIBC_MALLOC 1
#define MEM_ALIGNMENT 4
#define PBUF_POOL_SIZE 10
