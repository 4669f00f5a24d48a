package diskcache

import (
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/lwiplint/lwiplint/internal/fileio"
)

// tmpPrefix starts the name of the temporary file of a [Write].
const tmpPrefix = ".lwiplint-tmp-"

// entryName reports whether path has the shape of an entry's path that
// [Path] makes: dir/xx/HASH, HASH 32 lower-case hex digits starting with xx.
func entryName(path string) bool {
	name, sub := filepath.Base(path), filepath.Base(filepath.Dir(path))
	if len(name) != 32 || strings.ToLower(name) != name || sub != name[:2] {
		return false
	}
	_, err := hex.DecodeString(name)
	return err == nil
}

// Owned reports whether the file at path is an entry lwiplint wrote: a
// regular file (not a link) named as [Path] names entries, starting with
// the magic and ending with a matching checksum. Anything else is not the
// cache's to remove, even inside its directory.
func Owned(path string) bool {
	fi, err := os.Lstat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > MaxEntry || !entryName(path) {
		return false
	}
	data, err := fileio.ReadFile(path, MaxEntry)
	if err != nil {
		return false
	}
	_, ok := open(data)
	return ok
}

// ownedTemp reports whether path is a temporary file of a Write that did
// not finish (a process killed between its write and its rename): named
// with tmpPrefix, in an entry's directory.
func ownedTemp(path string, fi fs.FileInfo) bool {
	sub := filepath.Base(filepath.Dir(path))
	_, err := hex.DecodeString(sub)
	return fi.Mode().IsRegular() && strings.HasPrefix(filepath.Base(path), tmpPrefix) && len(sub) == 2 && err == nil
}

// Trim removes, below dir, the entries ([Owned]) and unfinished temporary
// files last modified more than maxAge before now, and the entry
// directories it leaves empty. It never follows a symbolic link and never
// removes a file it did not write. It returns the number of files removed.
func Trim(dir string, maxAge time.Duration, now time.Time) int {
	return sweep(dir, func(fi fs.FileInfo) bool { return now.Sub(fi.ModTime()) > maxAge })
}

// Clean removes every entry ([Owned]) and unfinished temporary file below
// dir, the entry directories it leaves empty and dir itself when it is
// then empty; the user's own files stay, and so do their directories.
func Clean(dir string) (int, error) {
	n := sweep(dir, func(fs.FileInfo) bool { return true })
	if err := os.Remove(dir); err != nil && !os.IsNotExist(err) && !isNotEmpty(err) {
		return n, err
	}
	return n, nil
}

// isNotEmpty reports whether err is the error of removing a directory that
// still holds files (ENOTEMPTY, or EEXIST on some systems).
func isNotEmpty(err error) bool {
	return errors.Is(err, syscall.ENOTEMPTY) || errors.Is(err, syscall.EEXIST)
}

func sweep(dir string, old func(fs.FileInfo) bool) int {
	n := 0
	var subs []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return nil
		}
		if d.IsDir() {
			if filepath.Dir(p) != dir {
				return filepath.SkipDir // entries lie one level down only
			}
			subs = append(subs, p)
			return nil
		}
		fi, err := d.Info()
		if err != nil || !old(fi) {
			return nil
		}
		if ownedTemp(p, fi) || Owned(p) {
			if os.Remove(p) == nil {
				n++
			}
		}
		return nil
	})
	for _, s := range subs {
		if _, err := hex.DecodeString(filepath.Base(s)); err == nil && len(filepath.Base(s)) == 2 {
			os.Remove(s) // only when empty
		}
	}
	return n
}
