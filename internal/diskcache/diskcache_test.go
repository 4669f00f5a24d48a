package diskcache

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestWriteReadRenew writes an entry over an old one, reads it back with
// its time, and checks that Renew renews only an entry older than
// RenewAfter and that no temporary file is left.
func TestWriteReadRenew(t *testing.T) {
	dir := t.TempDir()
	p := Path(dir, "key")
	if p == Path(dir, "other key") || filepath.Dir(filepath.Dir(p)) != dir {
		t.Fatalf("path %s", p)
	}
	for _, data := range []string{"old", "new"} {
		if err := Write(p, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	data, mod, err := Read(p)
	if err != nil || string(data) != "new" || time.Since(mod) > time.Minute {
		t.Fatalf("read %q, %v, %v", data, mod, err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(p)); len(entries) != 1 {
		t.Fatalf("%d files beside the entry", len(entries)-1)
	}
	old := time.Now().Add(-RenewAfter / 2)
	os.Chtimes(p, old, old)
	Renew(p, old)
	if _, mod, _ := Read(p); !mod.Equal(old) {
		t.Error("an entry younger than RenewAfter was renewed")
	}
	old = time.Now().Add(-2 * RenewAfter)
	os.Chtimes(p, old, old)
	Renew(p, old)
	if _, mod, _ := Read(p); time.Since(mod) > time.Minute {
		t.Error("an entry older than RenewAfter was not renewed")
	}
}

// TestReadSizes reads entries of sizes around the read buffer's edges:
// empty, one byte, and a large one, each back whole.
func TestReadSizes(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 4095, 4096, 1 << 20} {
		want := make([]byte, n)
		for i := range want {
			want[i] = byte(i*7 + n)
		}
		p := Path(dir, fmt.Sprint(n))
		if err := Write(p, want); err != nil {
			t.Fatal(err)
		}
		got, _, err := Read(p)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%d bytes: read %d bytes, %v", n, len(got), err)
		}
	}
	if _, _, err := Read(filepath.Join(dir, "missing")); err == nil {
		t.Fatal("a missing entry read without error")
	}
}

// TestReadDamaged checks that an entry changed on disk is ErrDamaged: every
// cut, every byte flipped and a byte added.
func TestReadDamaged(t *testing.T) {
	dir := t.TempDir()
	p := Path(dir, "key")
	if err := Write(p, []byte("lwiplint entry")); err != nil {
		t.Fatal(err)
	}
	whole, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	try := func(what string, b []byte) {
		t.Helper()
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if data, _, err := Read(p); err != ErrDamaged {
			t.Fatalf("%s: read %q, %v", what, data, err)
		}
	}
	for i := range whole {
		try(fmt.Sprintf("cut at %d", i), whole[:i])
		b := bytes.Clone(whole)
		b[i] ^= 0x20
		try(fmt.Sprintf("byte %d flipped", i), b)
	}
	try("a byte added", append(bytes.Clone(whole), 0))
}

// TestReadTooBig checks that an entry file larger than MaxEntry is refused
// without being read whole (a sparse file: no disk space is used).
func TestReadTooBig(t *testing.T) {
	p := Path(t.TempDir(), "key")
	if err := Write(p, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(p, 1<<40); err != nil {
		t.Skip("no sparse files here:", err)
	}
	if _, _, err := Read(p); err != ErrDamaged {
		t.Fatalf("a 1 TB entry: %v", err)
	}
}
