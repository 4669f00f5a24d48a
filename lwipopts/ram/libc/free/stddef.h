/* lwiplint's stddef.h for laying out lwIP: types from the target's
 * predefined macros. */
#ifndef LWIPLINT_STDDEF_H
#define LWIPLINT_STDDEF_H
typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ptrdiff_t;
typedef __WCHAR_TYPE__ wchar_t;
#define NULL ((void *)0)
#define offsetof(TYPE, MEMBER) __builtin_offsetof(TYPE, MEMBER)
#endif
