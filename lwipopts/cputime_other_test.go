//go:build !unix

package lwipopts

import "time"

// cpuTime is not measured here.
func cpuTime() time.Duration { return 0 }
