package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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
	sh, write := userRepo(t)
	write("fw/lwipopts.h", badOpts)
	out, err := sh.run(pc, "try-repo", root, "lwiplint", "--files", "fw/lwipopts.h")
	if err == nil || !strings.Contains(out, "lwiplint....") || !strings.Contains(out, "Failed") || !strings.Contains(out, badFinding) {
		t.Fatalf("bad configuration: err = %v, want the hook to fail with LW1115:\n%s", err, out)
	}
	write("fw/lwipopts.h", fixedOpts)
	out, err = sh.run(pc, "try-repo", root, "lwiplint", "--files", "fw/lwipopts.h")
	if err != nil || !strings.Contains(out, "Passed") {
		t.Fatalf("fixed configuration: err = %v, want the hook to pass:\n%s", err, out)
	}

	// lwiplint-all lints the whole tree (lwiplint .): a subdirectory's
	// .lwiplint.toml applies to the configurations below it (issue 19: it
	// was ignored, looked up above "." only). lib/ has none: its error fails
	// the hook; fw/'s file ignores the same rule there.
	write("fw/lwipopts.h", badOpts)
	write("fw/.lwiplint.toml", "ignore = [\"LW1115\"]\n")
	out, err = sh.run(pc, "try-repo", root, "lwiplint-all", "--all-files")
	if err != nil || !strings.Contains(out, "Passed") {
		t.Fatalf("lwiplint-all, fw/.lwiplint.toml ignoring LW1115: err = %v, want the hook to pass:\n%s", err, out)
	}
	write("lib/lwipopts.h", badOpts)
	out, err = sh.run(pc, "try-repo", root, "lwiplint-all", "--all-files")
	if err == nil || !strings.Contains(out, "lib/lwipopts.h:2:9: error LW1115") || strings.Contains(out, "fw/lwipopts.h:2:9: error LW1115") {
		t.Fatalf("lwiplint-all with lib/lwipopts.h broken: err = %v, want the hook to fail on lib/ only:\n%s", err, out)
	}
}

// The configurations the pre-commit tests lint: one with an error, the
// same fixed.
const (
	badOpts    = "#define TCP_MSS 1460\n#define TCP_SND_BUF (8 * TCP_MSS)\n"
	badFinding = "fw/lwipopts.h:2:9: error LW1115 MEMP_NUM_TCP_SEG = 16 (default) < TCP_SND_QUEUELEN = 32"
	fixedOpts  = "#define TCP_MSS 1460\n#define TCP_SND_BUF (8 * TCP_MSS)\n#define MEMP_NUM_TCP_SEG 32\n#define MEM_SIZE (16 * 1024)\n"
)

// TestPreCommitReadme runs the README's .pre-commit-config.yaml block as a
// user copies it, with the real pre-commit. Only two things change: the
// repository URL becomes a local clone of this working tree (a snapshot),
// and rev: becomes a tag the test creates in it. `pre-commit autoupdate`
// on the copied block must write that same pin (the README's way to pin a
// release). Then `pre-commit run --all-files` fails on a bad lwipopts.h
// with its finding and passes once it is fixed.
func TestPreCommitReadme(t *testing.T) {
	if testing.Short() {
		t.Skip("builds lwiplint through pre-commit")
	}
	pc, err := exec.LookPath("pre-commit")
	testenv.Require(t, err == nil, "pre-commit (Debian package pre-commit)")
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "<!-- pre-commit-config -->\n```yaml\n")
	block, _, ok2 := strings.Cut(block, "```")
	if !ok || !ok2 {
		t.Fatal("README.md has no <!-- pre-commit-config --> block")
	}
	const url = "https://github.com/lwiplint/lwiplint"
	if !strings.HasPrefix(block, "# .pre-commit-config.yaml\nrepos:\n") || strings.Count(block, "repo: "+url+"\n") != 1 {
		t.Fatalf("README.md's pre-commit block is not a top-level repos: list with repo: %s:\n%s", url, block)
	}
	revLine := regexp.MustCompile(`(?m)^(\s+rev:\s*)([^\s#]+)`)
	if n := len(revLine.FindAllString(block, -1)); n != 1 {
		t.Fatalf("README.md's pre-commit block has %d rev: lines, want 1:\n%s", n, block)
	}

	root := snapshotRepo(t, filepath.Join("..", ".."))
	const tag = "v0.0.0-readme-test"
	if out, err := exec.Command("git", "-C", root, "tag", tag).CombinedOutput(); err != nil {
		t.Fatalf("git tag: %v\n%s", err, out)
	}
	copied := strings.Replace(block, "repo: "+url+"\n", "repo: "+root+"\n", 1)
	pinned := revLine.ReplaceAllString(copied, "${1}"+tag)

	sh, write := userRepo(t)
	// The README's way to pin: autoupdate writes the newest tag.
	write(".pre-commit-config.yaml", copied)
	if out, err := sh.run(pc, "autoupdate"); err != nil {
		t.Fatalf("pre-commit autoupdate: %v\n%s", err, out)
	}
	got, err := os.ReadFile(filepath.Join(sh.dir, ".pre-commit-config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != pinned {
		t.Errorf("pre-commit autoupdate wrote\n%s\nwant\n%s", got, pinned)
	}
	write(".pre-commit-config.yaml", pinned)
	write("fw/lwipopts.h", badOpts)
	out, err := sh.run(pc, "run", "--all-files")
	if err == nil || !strings.Contains(out, "lwiplint....") || !strings.Contains(out, "Failed") || !strings.Contains(out, badFinding) {
		t.Fatalf("bad configuration: err = %v, want the hook to fail with LW1115:\n%s", err, out)
	}
	write("fw/lwipopts.h", fixedOpts)
	if out, err := sh.run(pc, "run", "--all-files"); err != nil || !strings.Contains(out, "Passed") {
		t.Fatalf("fixed configuration: err = %v, want the hook to pass:\n%s", err, out)
	}
}

// userShell runs commands in a user's repository with the test's
// environment.
type userShell struct {
	dir string
	env []string
}

func (u userShell) run(name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = u.dir, u.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// userRepo makes a user's git repository in a temporary directory, with a
// pre-commit home of its own, and returns a shell in it and a function
// that writes a file there and stages it.
func userRepo(t *testing.T) (userShell, func(name, body string)) {
	t.Helper()
	u := userShell{dir: t.TempDir()}
	u.env = append(os.Environ(), "PRE_COMMIT_HOME="+t.TempDir(), "GIT_CONFIG_GLOBAL=/dev/null", "NO_COLOR=1")
	if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		// Reuse the module cache: pre-commit gives the build its own GOPATH.
		u.env = append(u.env, "GOMODCACHE="+strings.TrimSpace(string(out)))
	}
	for _, args := range [][]string{
		{"init", "-q"}, {"config", "user.email", "ci@example.invalid"}, {"config", "user.name", "ci"},
	} {
		if out, err := u.run("git", args...); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, body string) {
		t.Helper()
		p := filepath.Join(u.dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := u.run("git", "add", "-A"); err != nil {
			t.Fatalf("git add: %v\n%s", err, out)
		}
	}
	return u, write
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
