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

// TestWriteStaysInProject writes through a link to a directory outside
// the project and to a header outside it reached with "..": both are
// refused, and the files outside keep their bytes.
func TestWriteStaysInProject(t *testing.T) {
	base := t.TempDir()
	proj := filepath.Join(base, "proj")
	outside := filepath.Join(base, "outside")
	os.MkdirAll(proj, 0o755)
	os.MkdirAll(outside, 0o755)
	h := filepath.Join(outside, "h.h")
	os.WriteFile(h, []byte("#define A 1\n"), 0o644)
	os.Symlink(outside, filepath.Join(proj, "vendor"))
	for _, p := range []string{filepath.Join(proj, "vendor", "h.h"), filepath.Join(proj, "..", "outside", "h.h")} {
		if err := WriteFile(p, []byte("changed\n"), proj); !errors.Is(err, ErrOutsideRoot) {
			t.Errorf("WriteFile(%s) = %v, want ErrOutsideRoot", p, err)
		}
	}
	if b, _ := os.ReadFile(h); string(b) != "#define A 1\n" {
		t.Errorf("the file outside the project changed: %q", b)
	}
}

// TestWriteKeepsModeOwnerLinks checks the read-only refusal, that the
// set-user-ID bit and the mode survive, that a file with two hard links
// keeps them, and (as root) that the owner and group stay.
func TestWriteKeepsModeOwnerLinks(t *testing.T) {
	dir := t.TempDir()
	ro := filepath.Join(dir, "ro.h")
	os.WriteFile(ro, []byte("a\n"), 0o444)
	if err := WriteFile(ro, []byte("b\n"), dir); !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only file: err = %v, want ErrReadOnly", err)
	}
	if b, _ := os.ReadFile(ro); string(b) != "a\n" {
		t.Errorf("read-only file changed: %q", b)
	}
	if err := Write(ro, []byte("b\n"), WriteOptions{Root: dir, ReadOnly: true}); err != nil {
		t.Errorf("read-only file, allowed: %v", err)
	}
	if fi, _ := os.Stat(ro); fi.Mode().Perm() != 0o444 {
		t.Errorf("mode %v after the write, want 0444", fi.Mode())
	}

	su := filepath.Join(dir, "su.h")
	os.WriteFile(su, []byte("a\n"), 0o644)
	if os.Getuid() == 0 {
		os.Chown(su, 1234, 5678) // before the mode: chown clears set-user-ID
	}
	os.Chmod(su, 0o755|os.ModeSetuid)
	if err := WriteFile(su, []byte("b\n"), dir); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(su)
	if fi.Mode()&(os.ModePerm|os.ModeSetuid) != 0o755|os.ModeSetuid {
		t.Errorf("mode %v after the write, want setuid 0755", fi.Mode())
	}
	if st := fi.Sys().(*syscall.Stat_t); os.Getuid() == 0 && (st.Uid != 1234 || st.Gid != 5678) {
		t.Errorf("owner %d:%d after the write, want 1234:5678", st.Uid, st.Gid)
	}

	a, b := filepath.Join(dir, "a.h"), filepath.Join(dir, "b.h")
	os.WriteFile(a, []byte("one\n"), 0o644)
	if err := os.Link(a, b); err != nil {
		t.Skipf("link: %v", err)
	}
	if err := WriteFile(a, []byte("two\n"), dir); err != nil {
		t.Fatal(err)
	}
	fa, _ := os.Stat(a)
	fb, _ := os.Stat(b)
	if !os.SameFile(fa, fb) {
		t.Error("the hard link was broken")
	}
	if got, _ := os.ReadFile(b); string(got) != "two\n" {
		t.Errorf("the other link reads %q, want the new content", got)
	}
}
