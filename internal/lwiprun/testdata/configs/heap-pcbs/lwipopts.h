/* PCBs from the heap: MEMP_NUM_TCP_PCB is no limit. */
#define MEMP_MEM_MALLOC 1
#define MEMP_NUM_TCP_PCB 3
#define MEM_SIZE 65536
