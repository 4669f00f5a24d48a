/* A C library header stub of lwiplint: declarations only. */
#ifndef LWIPLINT_STDIO_H
#define LWIPLINT_STDIO_H
#include <stddef.h>
#include <stdarg.h>
int printf(const char *f, ...);
int sprintf(char *s, const char *f, ...);
int snprintf(char *s, size_t n, const char *f, ...);
int vsnprintf(char *s, size_t n, const char *f, va_list ap);
#endif
