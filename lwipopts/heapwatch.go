package lwipopts

import (
	"runtime/metrics"
	"sync"
	"time"
)

// DefaultMaxHeap is the [Loader.MaxHeap] of the command line: real
// configurations need about 20 MB. The heap is measured at each
// collection (/gc/heap/live:bytes, so garbage not yet collected does not
// count) against its size when the load began.
const DefaultMaxHeap = 64 << 20

// heapWatchEvery is how often the heap is read.
const heapWatchEvery = 2 * time.Millisecond

// heapWatcher signals on c when the heap grows past maxHeap.
type heapWatcher struct {
	c    chan struct{}
	done chan struct{}
	once sync.Once
}

// heapWatch starts watching the heap for a growth of max bytes; stop
// ends it. With max 0 nothing is watched and c never fires.
func heapWatch(max int64) *heapWatcher {
	w := &heapWatcher{done: make(chan struct{})}
	if max <= 0 {
		return w
	}
	w.c = make(chan struct{})
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
				if live() > base+uint64(max) {
					close(w.c)
					return
				}
			}
		}
	}()
	return w
}

func (w *heapWatcher) stop() { w.once.Do(func() { close(w.done) }) }
