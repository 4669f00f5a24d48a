// Package tun stands for a cgo program that builds lwIP with the
// configuration in its own directory, as tun2socks-style stacks do.
package tun

/*
#cgo CFLAGS: -I.
#include "lwipopts.h"
*/
import "C"

// MSS is the TCP_MSS the C code is built with.
const MSS = C.TCP_MSS
