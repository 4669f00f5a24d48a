/* Variant A: small device. */
#define TCP_MSS                 1024
#define TCP_WND                 (2 * TCP_MSS)
#define MEM_SIZE                (4 * 1024)
