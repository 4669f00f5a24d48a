package main

import (
	"runtime"
	"sync"
)

// ordered calls work(0) … work(n-1) on up to GOMAXPROCS goroutines and
// emit with each result in the order of i, on the calling goroutine, as
// soon as that result and all before it are done: a run over a thousand
// configurations writes the first configuration's findings while the
// others are still being linted.
//
// At most window results (being computed, or done and waiting for one
// before them) are ahead of the last one emitted, so the memory a run holds
// is bounded by the window, not by n. When emit returns false, the jobs not
// yet started are never started, and ordered returns once the running ones
// end.
func ordered[T any](n int, work func(i int) T, emit func(i int, r T) bool) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			if !emit(i, work(i)) {
				return
			}
		}
		return
	}
	window := 2 * workers
	slots := make([]chan T, window) // job i's result goes to slots[i%window]
	for k := range slots {
		slots[k] = make(chan T, 1)
	}
	free := make(chan struct{}, window) // one token per slot not in use
	for range window {
		free <- struct{}{}
	}
	stop := make(chan struct{})
	next := make(chan int)
	go func() {
		defer close(next)
		for i := range n {
			select {
			case <-free:
			case <-stop:
				return
			}
			select {
			case next <- i:
			case <-stop:
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				// The slot is empty: its last result, of job i-window,
				// was emitted before its token came back.
				slots[i%window] <- work(i)
			}
		}()
	}
	for i := range n {
		r := <-slots[i%window]
		if !emit(i, r) {
			close(stop)
			break
		}
		free <- struct{}{}
	}
	wg.Wait()
}
