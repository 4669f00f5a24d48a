//go:build !linux && !darwin

package lwipopts

import "io/fs"

// sysState adds nothing where the status change time is not known: size
// and modification time alone describe a file.
func sysState(*FileState, fs.FileInfo) {}

// haveChangeTime: without the status change time a state misses a
// same-size replacement that keeps the modification time, so Inputs and
// the TreeCache are off.
const haveChangeTime = false
