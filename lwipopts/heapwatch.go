package lwipopts

import (
	"runtime/metrics"
	"sync"
	"time"
)

// maxHeap bounds the growth of the live Go heap while a load runs: past
// it the load stops with an error at the place it had reached, as on a
// timeout. Every input has its own limits first (file size, files,
// directives, macro size and expansion work); this is the last guard
// against what they miss. Real configurations need about 20 MB. The heap
// is the process's, measured at each collection (/gc/heap/live:bytes, so
// garbage not yet collected does not count) and against its size when the
// load began, so a program that keeps much live data (a test binary, a
// build tool) is not stopped for it; with several loads at once growing
// past it together, each stops.
const maxHeap = 64 << 20

// heapWatchEvery is how often the heap is read.
const heapWatchEvery = 2 * time.Millisecond

// heapWatcher signals on c when the heap grows past maxHeap.
type heapWatcher struct {
	c    chan struct{}
	done chan struct{}
	once sync.Once
}

// heapWatch starts watching the heap; stop ends it.
func heapWatch() *heapWatcher {
	w := &heapWatcher{c: make(chan struct{}), done: make(chan struct{})}
	go func() {
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		live := func() uint64 {
			metrics.Read(s)
			if s[0].Value.Kind() != metrics.KindUint64 {
				return 0
			}
			return s[0].Value.Uint64()
		}
		base := live()
		t := time.NewTicker(heapWatchEvery)
		defer t.Stop()
		for {
			select {
			case <-w.done:
				return
			case <-t.C:
				if live() > base+maxHeap {
					close(w.c)
					return
				}
			}
		}
	}()
	return w
}

func (w *heapWatcher) stop() { w.once.Do(func() { close(w.done) }) }
