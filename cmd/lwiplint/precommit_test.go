package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
)

// TestPreCommitHook runs the real pre-commit (Debian's package, installed
// by .ci/run) on this repository's .pre-commit-hooks.yaml: `pre-commit
// try-repo` builds lwiplint with `go install ./...` as users get it, runs
// it on a throwaway repository's bad lwipopts.h (the hook fails with the
// finding), then on the fixed file (the hook passes).
func TestPreCommitHook(t *testing.T) {
	if testing.Short() {
		t.Skip("builds lwiplint through pre-commit")
	}
	pc, err := exec.LookPath("pre-commit")
	testenv.Require(t, err == nil, "pre-commit (Debian package pre-commit)")
	root := snapshotRepo(t, filepath.Join("..", ".."))
	repo := t.TempDir()
	env := append(os.Environ(), "PRE_COMMIT_HOME="+t.TempDir(), "GIT_CONFIG_GLOBAL=/dev/null", "NO_COLOR=1")
	if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		// Reuse the module cache: pre-commit gives the build its own GOPATH.
		env = append(env, "GOMODCACHE="+strings.TrimSpace(string(out)))
	}
	sh := func(name string, args ...string) (string, error) {
		cmd := exec.Command(name, args...)
		cmd.Dir, cmd.Env = repo, env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	for _, args := range [][]string{
		{"init", "-q"}, {"config", "user.email", "ci@example.invalid"}, {"config", "user.name", "ci"},
	} {
		if out, err := sh("git", args...); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(body string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Join(repo, "fw"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(repo, "fw", "lwipopts.h"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := sh("git", "add", "-A"); err != nil {
			t.Fatalf("git add: %v\n%s", err, out)
		}
	}
	write("#define TCP_MSS 1460\n#define TCP_SND_BUF (8 * TCP_MSS)\n")
	out, err := sh(pc, "try-repo", root, "lwiplint", "--files", "fw/lwipopts.h")
	if err == nil || !strings.Contains(out, "lwiplint....") || !strings.Contains(out, "Failed") ||
		!strings.Contains(out, "fw/lwipopts.h:2:9: error LW1115 MEMP_NUM_TCP_SEG = 16 (default) < TCP_SND_QUEUELEN = 32") {
		t.Fatalf("bad configuration: err = %v, want the hook to fail with LW1115:\n%s", err, out)
	}
	write("#define TCP_MSS 1460\n#define TCP_SND_BUF (8 * TCP_MSS)\n#define MEMP_NUM_TCP_SEG 32\n#define MEM_SIZE (16 * 1024)\n")
	out, err = sh(pc, "try-repo", root, "lwiplint", "--files", "fw/lwipopts.h")
	if err != nil || !strings.Contains(out, "Passed") {
		t.Fatalf("fixed configuration: err = %v, want the hook to pass:\n%s", err, out)
	}
}

// snapshotRepo commits the files of the working tree at dir (tracked and
// untracked, less ignored ones) to a new repository and returns it, so that
// pre-commit builds exactly what is on disk, committed or not.
func snapshotRepo(t *testing.T, dir string) string {
	t.Helper()
	out, err := exec.Command("git", "-C", dir, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	dst := t.TempDir()
	for _, f := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			continue // deleted in the working tree
		}
		p := filepath.Join(dst, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{
		{"init", "-q"}, {"add", "-A"},
		{"-c", "user.email=ci@example.invalid", "-c", "user.name=ci", "commit", "-q", "-m", "snapshot"},
	} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dst
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	return dst
}
