package fileio

import (
	"path/filepath"
	"sync"
	"sync/atomic"
)

// The overlay serves the text of a file in place of what the disk holds:
// an editor lints its unsaved buffer with lwiplint check --stdin-filename
// PATH -, which serves standard input as PATH. [ReadFile] and the readers
// that ask [Overlaid] first see the text; the file's status (Open, Stat)
// is still the disk's. It belongs to the process, as the command line
// does: libraries never set it.
var (
	overlayOn atomic.Bool
	overlayMu sync.RWMutex
	overlay   map[string][]byte // absolute, clean path → text
)

// SetOverlay serves data as the content of the file at path for the rest
// of the process.
func SetOverlay(path string, data []byte) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	overlayMu.Lock()
	defer overlayMu.Unlock()
	if overlay == nil {
		overlay = map[string][]byte{}
	}
	overlay[abs] = data
	overlayOn.Store(true)
}

// Overlaid returns the text [SetOverlay] serves for path, if any.
func Overlaid(path string) ([]byte, bool) {
	if !overlayOn.Load() {
		return nil, false
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	overlayMu.RLock()
	defer overlayMu.RUnlock()
	b, ok := overlay[abs]
	return b, ok
}
