package diskcache

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestTrimCleanOwnOnly fills a cache directory with lwiplint's entries and
// with the user's own files, some shaped like entries, and checks that Trim
// and Clean remove only the entries (old ones for Trim), never follow a
// link, and leave every other file byte for byte.
func TestTrimCleanOwnOnly(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	long := time.Now().Add(-30 * 24 * time.Hour)
	oldEntry, newEntry := Path(dir, "old"), Path(dir, "new")
	for _, p := range []string{oldEntry, newEntry} {
		if err := Write(p, []byte("entry "+p)); err != nil {
			t.Fatal(err)
		}
	}
	os.Chtimes(oldEntry, long, long)
	// The user's files: plain, shaped like an entry (right name, no magic),
	// a copy of an entry with a broken checksum, a link to a file outside.
	user := map[string][]byte{
		filepath.Join(dir, "notes.txt"):                              []byte("mine"),
		filepath.Join(dir, "ab", "abcdef0123456789abcdef0123456789"): []byte("looks like an entry"),
		filepath.Join(dir, "sub", "deep", "file"):                    []byte("deep"),
	}
	good, _ := os.ReadFile(oldEntry)
	bad := append([]byte(nil), good...)
	bad[len(bad)-1] ^= 1
	damaged := filepath.Join(filepath.Dir(oldEntry), filepath.Base(oldEntry)[:2]+"00000000000000000000000000000f")
	user[damaged] = bad
	victim := filepath.Join(outside, "victim")
	if err := os.WriteFile(victim, good, 0o644); err != nil { // a valid entry's bytes, outside
		t.Fatal(err)
	}
	for p, b := range user {
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, long, long)
	}
	link := filepath.Join(filepath.Dir(newEntry), filepath.Base(newEntry)[:2]+"11111111111111111111111111111f")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	os.Symlink(outside, filepath.Join(dir, "cd")) // a link to a directory

	if n := Trim(dir, 7*24*time.Hour, time.Now()); n != 1 {
		t.Errorf("Trim removed %d files, want 1 (the old entry)", n)
	}
	if _, err := os.Stat(oldEntry); !os.IsNotExist(err) {
		t.Error("Trim kept the old entry")
	}
	if _, err := os.Stat(newEntry); err != nil {
		t.Error("Trim removed a recent entry")
	}
	if n, err := Clean(dir); n != 1 || err != nil {
		t.Errorf("Clean = %d, %v, want 1 (the recent entry)", n, err)
	}
	for p, b := range user {
		if got, err := os.ReadFile(p); err != nil || !bytes.Equal(got, b) {
			t.Errorf("%s: the user's file was changed or removed (%v)", p, err)
		}
	}
	if got, err := os.ReadFile(victim); err != nil || !bytes.Equal(got, good) {
		t.Error("the file outside the cache, reached through a link, was changed or removed")
	}
	if _, err := os.Lstat(link); err != nil {
		t.Error("the link was removed")
	}
}

// TestOwnedFIFO checks that a FIFO named like an entry is not read (which
// would block) and not owned.
func TestOwnedFIFO(t *testing.T) {
	p := Path(t.TempDir(), "k")
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if Owned(p) {
		t.Fatal("a FIFO is owned")
	}
	if _, _, err := Read(p); err == nil {
		t.Fatal("Read of a FIFO succeeded")
	}
	if n, _ := Clean(filepath.Dir(filepath.Dir(p))); n != 0 {
		t.Fatal("Clean removed the FIFO")
	}
}
