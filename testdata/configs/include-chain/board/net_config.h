#ifndef BOARD_NET_CONFIG_H
#define BOARD_NET_CONFIG_H

/* This board has 128 KiB of SRAM set aside for networking. */
#define MEM_ALIGNMENT           4
#define MEM_SIZE                (48 * 1024)
#define PBUF_POOL_SIZE          32
#define ETH_PAD_SIZE            2

/* relative to this file's directory */
#include "../common/tcp_tuning.h"

#endif
