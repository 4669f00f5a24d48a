/* The seed's dead ends: more SYN retries and a small window */
#define TCP_MSS        1460
#define TCP_SND_BUF    2048
#define TCP_SYNMAXRTX  12
#define TCP_WND        2048
