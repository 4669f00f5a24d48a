// Package diskcache holds the file handling that lwiplint's on-disk caches
// (the result cache of the command line and lwipopts.TreeCache) share:
// where an entry lives, reading it with its time, renewing a used entry
// and writing one atomically. What an entry means, and when it is still
// valid, is up to each cache.
package diskcache

import (
	"encoding/hex"
	"hash/fnv"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/lwiplint/lwiplint/internal/fileio"
)

// RenewAfter is the age past which a used entry gets a new modification
// time (Renew): whoever removes old entries goes by that time.
const RenewAfter = 24 * time.Hour

// Path is the entry file of key in dir: dir/xx/HASH, named by a 128-bit
// FNV hash of key. The hash need not resist collisions: an entry holds
// what it was stored for, and its reader checks that.
func Path(dir, key string) string {
	h := fnv.New128a()
	io.WriteString(h, key)
	name := hex.EncodeToString(h.Sum(nil))
	return filepath.Join(dir, name[:2], name)
}

// Read returns the content of the entry at path and its modification
// time, taken when the file was opened.
func Read(path string) ([]byte, time.Time, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, time.Time{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, time.Time{}, err
	}
	data, err := fileio.ReadAll(f, fi.Size(), math.MaxInt64)
	if err != nil {
		return nil, time.Time{}, err
	}
	return data, fi.ModTime(), nil
}

// Renew gives the entry at path, last modified at mod, a new modification
// time when it is older than RenewAfter. Failures are ignored.
func Renew(path string, mod time.Time) {
	if now := time.Now(); now.Sub(mod) > RenewAfter {
		os.Chtimes(path, now, now)
	}
}

// Write writes data to path atomically: to a temporary file in the same
// directory (made when missing), then renamed over path, so that a reader
// sees the old entry or the new one, never part of one.
func Write(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
