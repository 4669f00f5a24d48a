/* found through -I <config dir> */
#define LWIP_DHCP               1
