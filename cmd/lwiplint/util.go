package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sync"

	"golang.org/x/term"

	"github.com/lwiplint/lwiplint/lwipopts"
)

// loader is shared by every configuration of one run: lwIP trees are
// parsed once.
var loader = newLoader()

// newLoader is the command line's loader: it owns its process, so it
// bounds the heap a load may grow (lwipopts.DefaultMaxHeap).
func newLoader() *lwipopts.Loader {
	l := lwipopts.NewLoader()
	l.MaxHeap = lwipopts.DefaultMaxHeap
	return l
}

// parallel calls f(0) … f(n-1) on up to GOMAXPROCS goroutines.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// useColor decides --color: always and never are what they say; auto is
// on when stdout is a terminal, TERM is not "dumb" and NO_COLOR is unset
// or empty; FORCE_COLOR (set and not "0") turns it on in auto mode even
// when stdout is not a terminal. See https://no-color.org and
// https://force-color.org.
func useColor(when string, stdout io.Writer) (bool, error) {
	switch when {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
	default:
		return false, fmt.Errorf("--color %q: want auto, always or never", when)
	}
	if os.Getenv("NO_COLOR") != "" {
		return false, nil
	}
	if v, ok := os.LookupEnv("FORCE_COLOR"); ok && v != "0" && v != "false" {
		return true, nil
	}
	if os.Getenv("TERM") == "dumb" {
		return false, nil
	}
	f, ok := stdout.(*os.File)
	return ok && term.IsTerminal(int(f.Fd())), nil
}

// load loads one input with the shared loader.
func load(in lwipopts.Input, p lwipopts.Params) (*lwipopts.Config, error) {
	setTreeCache(false)
	if in.ESPIDF {
		return loader.LoadESPIDF(in.Path, p)
	}
	if in.FreeRTOS {
		return loader.LoadFreeRTOS(in.Path, p)
	}
	return loader.Load(in.Path, p)
}

// The versions named in the flag help. They are constants so that starting
// lwiplint does not parse the ESP-IDF and FreeRTOS+TCP tables (which are
// loaded only for those inputs); TestVersionHelp keeps them in step.
const (
	idfVersions      = "4.4.8, 5.0.9, 5.1.2, 5.1.7, 5.2.7, 5.3.5, 5.4.4, 5.5.5"
	freertosVersions = "V2.0.0 … V4.4.1"
)

// manyJobs is the number of configurations from which a run collects
// garbage at the Go default, GOGC=100, instead of main's 400.
const manyJobs = 8

// gcForRun sets the collector for a run of n configurations, unless GOGC
// is set in the environment. main's GOGC=400 saves a fifth of a run of one
// configuration, whose heap is small and short-lived; a long run keeps a
// steady live heap (the shared lwIP trees, a window of configurations), and
// 400 lets the heap grow to five times it. Measured on the 1,000 copies of
// testdata/configs that bench/compare.sh makes (/usr/bin/time, one run
// each, GOGC in the environment): peak RSS 115 MB at 400, 81 MB at 200,
// 56 MB at 100, for 14.3 s, 14.5 s and 14.9 s of user CPU.
func gcForRun(n int) {
	if n > manyJobs && os.Getenv("GOGC") == "" {
		debug.SetGCPercent(100)
	}
}
