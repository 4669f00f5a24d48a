/* A C library header stub of lwiplint: declarations only. */
#ifndef LWIPLINT_ERRNO_H
#define LWIPLINT_ERRNO_H
extern int errno;
#endif
