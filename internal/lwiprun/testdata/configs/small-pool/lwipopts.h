/* Three TCP PCBs: the fourth SYN finds the pool full. */
#define MEMP_NUM_TCP_PCB 3
