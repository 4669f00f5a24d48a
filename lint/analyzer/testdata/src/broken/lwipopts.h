/* A configuration that includes itself without an include guard. */
#define NO_SYS 1
#include "lwipopts.h" // want `^error: cannot resolve the lwIP configuration: include cycle without an include guard`
