// Command lwiplint checks lwIP configurations (lwipopts.h) and shows the
// value lwIP really uses for every option.
package main

import (
	"os"
	"runtime/debug"
)

// memoryLimit is the Go memory limit of a run unless GOMEMLIMIT is set.
const memoryLimit = 160 << 20

func main() {
	if os.Getenv("GOGC") == "" {
		// A lint run is short and its heap small (about 20 MB for one
		// configuration): collecting at 4× the live heap instead of 2×
		// saves a fifth of a one-configuration run (bench/compare.sh).
		// GOGC in the environment still decides.
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// The last guard of bounded memory (issue 18): past this heap the
		// collector runs as often as it must, whatever GOGC says. Every
		// input has its own limits first (files, tokens, macro bodies,
		// directives, expansion work); real configurations stay under
		// 64 MB. GOMEMLIMIT in the environment still decides.
		debug.SetMemoryLimit(memoryLimit)
	}
	if p, ok := envProfiles(); ok {
		os.Exit(p.run(os.Args[1:]))
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
