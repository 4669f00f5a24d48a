/* The OS types of the RAM fixtures' port, of deliberately unequal sizes so
 * that a wrong one shows in the pools that hold them. */
#ifndef LWIPLINT_RAM_SYS_ARCH_H
#define LWIPLINT_RAM_SYS_ARCH_H
#if !NO_SYS
typedef struct { void *handle; } sys_sem_t;
typedef struct { void *handle; unsigned short depth; unsigned char flags; } sys_mbox_t;
typedef struct { void *handle; unsigned char owner; } sys_mutex_t;
typedef void *sys_thread_t;
#define sys_sem_valid(s) ((s)->handle != NULL)
#define sys_sem_set_invalid(s) ((s)->handle = NULL)
#define sys_mbox_valid(m) ((m)->handle != NULL)
#define sys_mbox_set_invalid(m) ((m)->handle = NULL)
#define sys_mutex_valid(m) ((m)->handle != NULL)
#define sys_mutex_set_invalid(m) ((m)->handle = NULL)
#endif
#endif
