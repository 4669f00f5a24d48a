/* More SYN retries than data retries: tcp_slowtmr tests TCP_MAXRTX in
 * SYN_SENT too, so the smaller one ends the connect. */
#define TCP_SYNMAXRTX 8
#define TCP_MAXRTX 4
