/* lwIP's most SYN retries: the connect give-up at its longest. */
#define TCP_SYNMAXRTX 12
