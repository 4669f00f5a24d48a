/* LWIP_ALTCP: the ALTCP_PCB pool. */
#define NO_SYS 1
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0
#define LWIP_ALTCP 1
#define MEMP_NUM_ALTCP_PCB 6
#define MEM_ALIGNMENT 4
#define MEM_SIZE 16000
