/* Forced in front of every source file by the build (gcc -include). */
#define BOARD_NAME              "devkit-2"
#define BOARD_RAM_KB            256
#define NET_HEAP_KB             (BOARD_RAM_KB / 8)
