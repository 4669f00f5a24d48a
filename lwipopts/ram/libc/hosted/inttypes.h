/* A C library header stub of lwiplint: declarations only. */
#ifndef LWIPLINT_INTTYPES_H
#define LWIPLINT_INTTYPES_H
#include <stdint.h>
#endif
