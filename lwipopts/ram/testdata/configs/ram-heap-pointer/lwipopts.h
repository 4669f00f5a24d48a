/* LWIP_RAM_HEAP_POINTER: the heap lives where the port says. */
#define NO_SYS 1
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0
#define LWIP_RAM_HEAP_POINTER ((void *)0x20010000)
#define MEM_ALIGNMENT 4
#define MEM_SIZE 20000
