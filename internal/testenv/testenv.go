// Package testenv holds the policy of lwiplint's tests for real
// components (gcc, Debian's liblwip-dev): skip when one is missing on a
// developer machine, fail under CI=true, where .ci/run installs them.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// DebianLwip is the include directory of Debian's liblwip-dev (lwIP 2.1.3).
const DebianLwip = "/usr/include/lwip"

// InCI reports whether the tests run in CI (CI=true).
func InCI() bool { return os.Getenv("CI") == "true" }

// HaveDebianLwip reports whether Debian's lwIP headers are installed.
func HaveDebianLwip() bool {
	_, err := os.Stat(filepath.Join(DebianLwip, "lwip", "opt.h"))
	return err == nil
}

// GCC returns the path of gcc, or "" when it is not installed.
func GCC() string {
	p, err := exec.LookPath("gcc")
	if err != nil {
		return ""
	}
	return p
}

// Require skips the test when ok is false, or fails it under CI=true.
func Require(t testing.TB, ok bool, what string) {
	t.Helper()
	if ok {
		return
	}
	if InCI() {
		t.Fatalf("%s is missing, and CI=true requires it (.ci/run installs it)", what)
	}
	t.Skipf("%s is missing", what)
}

// Mirror returns the git directory of a local mirror of the public
// repository repo ("owner/name"), or "" when there is none. Mirrors live in
// the directory named by $LWIPLINT_MIRRORS, one per repository, as
// owner+name (a bare git directory, or one holding it as repo/). Tests that
// read a mirror are local checks: CI has no network and no mirrors.
func Mirror(repo string) string {
	root := os.Getenv("LWIPLINT_MIRRORS")
	if root == "" {
		return ""
	}
	base := filepath.Join(root, strings.ReplaceAll(repo, "/", "+"))
	for _, d := range []string{filepath.Join(base, "repo"), base} {
		if fi, err := os.Stat(filepath.Join(d, "HEAD")); err == nil && fi.Mode().IsRegular() {
			return d
		}
	}
	return ""
}

// LocalCheck begins the skip message of a test that reads a local mirror
// it has not found. .ci/run lists such skips apart: CI has no mirrors, so
// they are expected there, and run where $LWIPLINT_MIRRORS holds one.
const LocalCheck = "local check, no mirror in CI"

// RequireMirror returns the git directory of the local mirror of repo
// ([Mirror]), or skips the test as a [LocalCheck] when there is none.
func RequireMirror(t testing.TB, repo string) string {
	t.Helper()
	d := Mirror(repo)
	if d == "" {
		SkipLocal(t, repo)
	}
	return d
}

// SkipLocal skips a test that needs a local mirror of repo, with the
// [LocalCheck] message.
func SkipLocal(t testing.TB, repo string) {
	t.Helper()
	t.Skipf("%s: %s (set LWIPLINT_MIRRORS to a directory holding %s)", LocalCheck, repo, strings.ReplaceAll(repo, "/", "+"))
}
