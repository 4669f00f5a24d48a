package fix

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/lwiplint/lwiplint/lint"
)

func edit(file, data, old, new string) lint.Edit {
	i := strings.Index(data, old)
	return lint.Edit{File: file, Line: strings.Count(data[:i], "\n") + 1, Start: i, End: i + len(old), OldText: old, NewText: new}
}

func TestPlanAndDiff(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "lwipopts.h")
	data := "#define TCP_MSS 536\r\n#define TCP_WND 1000\r\n#define X 1" // CRLF, no final newline
	if err := os.WriteFile(p, []byte(data), 0o640); err != nil {
		t.Fatal(err)
	}
	e1 := edit(p, data, "536", "1460")
	e2 := edit(p, data, "1000", "(4 * TCP_MSS)")
	stale := lint.Edit{File: p, Line: 3, Start: e2.Start, End: e2.End, OldText: "999", NewText: "1"}
	overlap := lint.Edit{File: p, Line: 2, Start: e2.Start + 1, End: e2.End, OldText: data[e2.Start+1 : e2.End], NewText: "0"}
	fs := []lint.Finding{
		{Fix: &lint.Fix{Edits: []lint.Edit{e2}}},
		{Fix: &lint.Fix{Edits: []lint.Edit{e1, e2}}}, // the same edit twice
		{Fix: &lint.Fix{Edits: []lint.Edit{stale, overlap}}},
		{},
	}
	cs, err := Plan(fs)
	if err != nil || len(cs) != 1 {
		t.Fatalf("Plan = %v, %v", cs, err)
	}
	c := cs[0]
	want := "#define TCP_MSS 1460\r\n#define TCP_WND (4 * TCP_MSS)\r\n#define X 1"
	if string(c.New) != want {
		t.Errorf("new content %q, want %q", c.New, want)
	}
	if len(c.Edits) != 2 || len(c.Skipped) != 2 {
		t.Errorf("edits %v skipped %v", c.Edits, c.Skipped)
	}
	d := c.Diff("lwipopts.h")
	if !strings.Contains(d, "--- a/lwipopts.h") || !strings.Contains(d, "-#define TCP_MSS 536\r\n") || !strings.Contains(d, "+#define TCP_MSS 1460\r\n") {
		t.Errorf("diff:\n%s", d)
	}
	if err := WriteFile(p, c.New, dir); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(p)
	fi, _ := os.Stat(p)
	if string(got) != want || fi.Mode().Perm() != 0o640 {
		t.Errorf("after write: %q mode %v", got, fi.Mode().Perm())
	}
	// Idempotence: planning the same fixes again changes nothing.
	if cs, err := Plan(fs[:2]); err != nil || len(cs) != 1 || len(cs[0].Edits) != 0 {
		t.Errorf("second Plan = %+v, %v; want only skipped edits", cs, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

func TestWriteFileUnchangedAndSymlinks(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.h")
	os.WriteFile(p, []byte("x\n"), 0o644)
	before, _ := os.Stat(p)
	if err := WriteFile(p, []byte("x\n"), dir); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(p)
	if !os.SameFile(before, after) {
		t.Error("an unchanged file was rewritten")
	}
	in := filepath.Join(dir, "in.h")
	os.Symlink(p, in)
	if err := WriteFile(in, []byte("y\n"), dir); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "y\n" {
		t.Errorf("link target not written: %q", b)
	}
	if fi, _ := os.Lstat(in); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the symbolic link was replaced by a file")
	}
	outside := filepath.Join(t.TempDir(), "o.h")
	os.WriteFile(outside, []byte("o\n"), 0o644)
	out := filepath.Join(dir, "out.h")
	os.Symlink(outside, out)
	if err := WriteFile(out, []byte("z\n"), dir); !errors.Is(err, ErrOutsideRoot) {
		t.Errorf("write through a link leaving the project: err = %v", err)
	}
	if b, _ := os.ReadFile(outside); string(b) != "o\n" {
		t.Errorf("file outside the project changed: %q", b)
	}
}

// TestKilledBeforeRename kills a process between writing the temporary file
// and renaming it: the original must be intact.
func TestKilledBeforeRename(t *testing.T) {
	if p := os.Getenv("LWIPLINT_FIX_CRASH_FILE"); p != "" {
		beforeRename = func(string) { syscall.Kill(os.Getpid(), syscall.SIGKILL) }
		WriteFile(p, []byte("#define TCP_MSS 1460\n"), "")
		t.Fatal("not killed")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "lwipopts.h")
	orig := "#define TCP_MSS 536\n"
	os.WriteFile(p, []byte(orig), 0o644)
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledBeforeRename$")
	cmd.Env = append(os.Environ(), "LWIPLINT_FIX_CRASH_FILE="+p)
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child: %v, want killed by SIGKILL", err)
	}
	if b, _ := os.ReadFile(p); string(b) != orig {
		t.Errorf("original damaged: %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 || !strings.Contains(entries[0].Name()+entries[1].Name(), ".lwiplint-") {
		t.Errorf("want the original and the abandoned temporary file, got %v", entries)
	}
}
