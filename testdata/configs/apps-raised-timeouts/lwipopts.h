#ifndef LWIPOPTS_H
#define LWIPOPTS_H

/* The same IoT device with the timeout pool sized for the apps as well:
 * one each for SNTP and mDNS, one per MQTT client, one spare. */
#define NO_SYS                          1
#define LWIP_SOCKET                     0
#define LWIP_NETCONN                    0
#define LWIP_ALTCP                      1

#define LWIP_DHCP                       1
#define LWIP_DNS                        1
#define LWIP_IGMP                       1
#define LWIP_NUM_NETIF_CLIENT_DATA      1

#define LWIP_MDNS_RESPONDER             1
#define MDNS_MAX_SERVICES               2
#define SNTP_SERVER_DNS                 1
#define SNTP_UPDATE_DELAY               (15 * 60 * 1000)
#define SNTP_SET_SYSTEM_TIME(sec)       board_set_time(sec)
#define MQTT_OUTPUT_RINGBUF_SIZE        512
#define MQTT_VAR_HEADER_BUFFER_LEN      256
#define MQTT_REQ_MAX_IN_FLIGHT          4
#define HTTPD_USE_CUSTOM_FSDATA         1
#define LWIP_HTTPD_CGI                  1
#define LWIP_HTTPD_SSI                  1
#define LWIP_HTTPD_SUPPORT_POST         1

#define MEM_ALIGNMENT                   4
#define MEM_SIZE                        (16 * 1024)
#define MEMP_NUM_UDP_PCB                6
#define TCP_MSS                         1460
#define TCP_SND_BUF                     (4 * TCP_MSS)
#define TCP_WND                         (4 * TCP_MSS)
#define PBUF_POOL_SIZE                  16

#define MQTT_CLIENTS                    1
#define MEMP_NUM_SYS_TIMEOUT            (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 2 + MQTT_CLIENTS + 1)

#endif
