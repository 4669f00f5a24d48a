/* Ethernet-sized segments: the MSS option of a SYN against the MTU. */
#define TCP_MSS 1460
