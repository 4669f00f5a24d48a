package main

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// TestOrdered checks that ordered emits every result in the order of the
// jobs with any number of workers, keeps at most its window of jobs ahead
// of the last result emitted, and starts no job after emit says stop.
func TestOrdered(t *testing.T) {
	for _, procs := range []int{1, 2, 4, 8} {
		func() {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			const n = 200
			var started, emitted, maxAhead atomic.Int64
			var got []int
			ordered(n, func(i int) int {
				ahead := started.Add(1) - emitted.Load()
				for {
					m := maxAhead.Load()
					if ahead <= m || maxAhead.CompareAndSwap(m, ahead) {
						break
					}
				}
				return i * i
			}, func(i, r int) bool {
				if r != i*i {
					t.Errorf("GOMAXPROCS=%d: job %d gave %d", procs, i, r)
				}
				got = append(got, i)
				emitted.Add(1)
				return true
			})
			if len(got) != n {
				t.Fatalf("GOMAXPROCS=%d: %d results, want %d", procs, len(got), n)
			}
			for i, v := range got {
				if v != i {
					t.Fatalf("GOMAXPROCS=%d: result %d emitted at place %d", procs, v, i)
				}
			}
			if window := int64(2 * min(procs, n)); procs > 1 && maxAhead.Load() > window {
				t.Errorf("GOMAXPROCS=%d: %d jobs ahead of the last result emitted, want at most %d", procs, maxAhead.Load(), window)
			}

			// Stop after the tenth result: the jobs after the window are
			// never started.
			started.Store(0)
			ordered(n, func(i int) int { started.Add(1); return i }, func(i, _ int) bool { return i < 9 })
			if s := started.Load(); s > 10+int64(2*procs) {
				t.Errorf("GOMAXPROCS=%d: %d jobs started after emit stopped at the tenth", procs, s)
			}
		}()
	}
}
