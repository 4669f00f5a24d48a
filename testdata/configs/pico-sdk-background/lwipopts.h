#ifndef _LWIPOPTS_H
#define _LWIPOPTS_H

/* This example runs lwIP from the background (no RTOS): everything it needs
 * lives in the shared header. */
#include "lwipopts_examples_common.h"

#endif
