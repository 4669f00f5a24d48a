/* Variant B: large device. */
#define TCP_MSS                 1460
#define TCP_WND                 (8 * TCP_MSS)
#define MEM_SIZE                (64 * 1024)
