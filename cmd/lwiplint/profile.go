package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"strconv"
)

// Profiling for performance work (see "Performance" in README.md). Set in
// the environment of any lwiplint command:
//
//	LWIPLINT_CPUPROFILE=FILE      CPU profile of the whole run
//	LWIPLINT_MEMPROFILE=FILE      heap profile at exit; its alloc_space and
//	                              alloc_objects views cover the whole run
//	LWIPLINT_MEMPROFILERATE=N     runtime.MemProfileRate (1: every allocation)
//	LWIPLINT_TRACE=FILE           execution trace (go tool trace FILE)
//
// Read the profiles with go tool pprof FILE (a binary built from the same
// sources). They are not flags, so that they stay out of --help.
//
// main calls envProfiles first: when one of the variables is set, it
// runs the command with the profiles on. Test binaries, which run their
// own main, never profile.
func envProfiles() (profiles, bool) {
	p := profiles{
		cpu:   os.Getenv("LWIPLINT_CPUPROFILE"),
		mem:   os.Getenv("LWIPLINT_MEMPROFILE"),
		trace: os.Getenv("LWIPLINT_TRACE"),
	}
	return p, p.cpu != "" || p.mem != "" || p.trace != ""
}

// profiles names the files of one profiled run; "" leaves one out.
type profiles struct{ cpu, mem, trace string }

// run runs the command with the profiles on and returns its exit code, or
// exitUsage when a profile cannot be written.
func (p profiles) run(args []string) int {
	if v := os.Getenv("LWIPLINT_MEMPROFILERATE"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			fmt.Fprintf(os.Stderr, "lwiplint: LWIPLINT_MEMPROFILERATE=%q: want a number of bytes, 0 or more\n", v)
			return exitUsage
		}
		runtime.MemProfileRate = n
	}
	var stop []func() error
	if p.cpu != "" {
		f, err := os.Create(p.cpu)
		if err == nil {
			if err = pprof.StartCPUProfile(f); err != nil {
				f.Close()
			}
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "lwiplint: LWIPLINT_CPUPROFILE: %v\n", err)
			return exitUsage
		}
		stop = append(stop, func() error { pprof.StopCPUProfile(); return f.Close() })
	}
	if p.trace != "" {
		f, err := os.Create(p.trace)
		if err == nil {
			if err = trace.Start(f); err != nil {
				f.Close()
			}
		}
		if err != nil {
			for _, s := range stop {
				s()
			}
			fmt.Fprintf(os.Stderr, "lwiplint: LWIPLINT_TRACE: %v\n", err)
			return exitUsage
		}
		stop = append(stop, func() error { trace.Stop(); return f.Close() })
	}

	code := run(args, os.Stdout, os.Stderr)

	failed := false
	for _, s := range stop {
		if err := s(); err != nil {
			fmt.Fprintf(os.Stderr, "lwiplint: write profile: %v\n", err)
			failed = true
		}
	}
	if p.mem != "" {
		if err := writeHeapProfile(p.mem); err != nil {
			fmt.Fprintf(os.Stderr, "lwiplint: LWIPLINT_MEMPROFILE: %v\n", err)
			failed = true
		}
	}
	if failed && code == exitOK {
		return exitUsage
	}
	return code
}

// writeHeapProfile writes the heap profile after a garbage collection, so
// that inuse_space shows what the run still holds at its end.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC()
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
