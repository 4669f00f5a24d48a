// Package diskcache holds the file handling that lwiplint's on-disk caches
// (the result cache of the command line and lwipopts.TreeCache) share:
// where an entry lives, reading it with its time, renewing a used entry
// and writing one atomically. What an entry means, and when it is still
// valid, is up to each cache.
package diskcache

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"sync"
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

// MaxEntry is the size past which an entry file is not read: a release
// tree's entry is about 1.3 MB.
const MaxEntry = 64 << 20

// ErrDamaged is the error of an entry whose checksum does not match its
// content (cut short, changed on disk, or not written by Write), or that
// is larger than MaxEntry.
var ErrDamaged = errors.New("damaged cache entry")

// castagnoli is the CRC-32C table: computed in hardware on amd64 and
// arm64 (about a tenth of a millisecond for a megabyte here).
var castagnoli = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })

// Read returns the content of the entry at path and its modification
// time, taken when the file was opened. Write ends each entry with the
// CRC-32C of its content, which Read checks and removes: a damaged entry
// is ErrDamaged, never data for the decoder.
func Read(path string) ([]byte, time.Time, error) {
	f, fi, err := fileio.Open(path) // never a FIFO or a device
	if err != nil {
		return nil, time.Time{}, err
	}
	defer f.Close()
	if fi.Size() > MaxEntry {
		return nil, time.Time{}, ErrDamaged
	}
	data, err := fileio.ReadAll(f, fi.Size(), MaxEntry)
	if err != nil {
		return nil, time.Time{}, err
	}
	if len(data) > MaxEntry { // it grew since its stat
		return nil, time.Time{}, ErrDamaged
	}
	body, ok := open(data)
	if !ok {
		return nil, time.Time{}, ErrDamaged
	}
	return body, fi.ModTime(), nil
}

// magic starts every entry file: with the checksum at its end, it tells
// an entry of lwiplint's from any other file (see [Owned]).
const magic = "lwiplint-cache\x00\x01"

// open returns the content of the entry file data, checking its magic and
// checksum; ok is false for anything else.
func open(data []byte) (body []byte, ok bool) {
	n := len(data) - 4
	if n < len(magic) || string(data[:len(magic)]) != magic ||
		crc32.Checksum(data[len(magic):n], castagnoli()) != binary.LittleEndian.Uint32(data[n:]) {
		return nil, false
	}
	return data[len(magic):n:n], true
}

// Renew gives the entry at path, last modified at mod, a new modification
// time when it is older than RenewAfter. Failures are ignored.
func Renew(path string, mod time.Time) {
	if now := time.Now(); now.Sub(mod) > RenewAfter {
		os.Chtimes(path, now, now)
	}
}

// Write writes data and its CRC-32C to path atomically: to a temporary
// file in the same directory (made when missing), then renamed over path,
// so that a reader sees the old entry or the new one, never part of one.
func Write(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), tmpPrefix+"*")
	if err != nil {
		return err
	}
	_, err = tmp.WriteString(magic)
	if err == nil {
		_, err = tmp.Write(binary.LittleEndian.AppendUint32(data[:len(data):len(data)], crc32.Checksum(data, castagnoli())))
	}
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
