/* A C library header stub of lwiplint: declarations only. */
#ifndef LWIPLINT_CTYPE_H
#define LWIPLINT_CTYPE_H
int isdigit(int c);
int isxdigit(int c);
int isspace(int c);
int isprint(int c);
int islower(int c);
int isupper(int c);
int isalpha(int c);
int isalnum(int c);
int tolower(int c);
int toupper(int c);
#endif
