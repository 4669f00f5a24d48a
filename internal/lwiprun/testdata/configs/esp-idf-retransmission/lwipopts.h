/* ESP-IDF's "high-speed retransmission" values on upstream lwIP: 12 SYN
 * retries with a 1500 ms initial RTO (LWIP_TCP_RTO_TIME exists from lwIP
 * 2.2.0; 2.1.3 ignores it and keeps 3000 ms). */
#define TCP_SYNMAXRTX 12
#define LWIP_TCP_RTO_TIME 1500
