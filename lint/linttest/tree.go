package linttest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
)

// LwipGit returns the bare lwIP repository to extract source trees from
// (LWIPLINT_LWIP_GIT, or the lwip-tcpip/lwip mirror in $LWIPLINT_MIRRORS,
// [testenv.Mirror]), or "" when there is none.
func LwipGit() string {
	dir := os.Getenv("LWIPLINT_LWIP_GIT")
	if dir == "" {
		dir = testenv.Mirror("lwip-tcpip/lwip")
	}
	if _, err := os.Stat(filepath.Join(dir, "HEAD")); dir == "" || err != nil {
		return ""
	}
	if _, err := exec.LookPath("git"); err != nil {
		return ""
	}
	return dir
}

var (
	treeMu    sync.Mutex
	treeCache = map[string][]byte{}
)

// lwipTag maps a version to its release tag.
func lwipTag(version string) string {
	return "STABLE-" + strings.ReplaceAll(version, ".", "_") + "_RELEASE"
}

// SourceVersions are the lwIP versions whose release sources .ci/run
// fetches (Debian's source packages, through apt) into
// LWIPLINT_LWIP_SOURCES; under
// CI=true a test that needs one of them fails when it is missing. The
// other versions are tested where a clone of lwIP's repository is present.
var SourceVersions = []string{"2.1.3", "2.2.1"}

// sourcesTree returns LWIPLINT_LWIP_SOURCES/lwip-<version>/src when it
// exists.
func sourcesTree(version string) string {
	dir := os.Getenv("LWIPLINT_LWIP_SOURCES")
	if dir == "" {
		return ""
	}
	src := filepath.Join(dir, "lwip-"+version, "src")
	if fi, err := os.Stat(filepath.Join(src, "include", "lwip", "opt.h")); err != nil || !fi.Mode().IsRegular() {
		return ""
	}
	return src
}

// ExtractTree writes the src directory of lwIP version to dir/lwip and
// returns dir/lwip. The tree comes from LWIPLINT_LWIP_SOURCES (a directory
// holding lwip-<version>/src, as .ci/run prepares) or from a bare clone of
// lwIP's repository ([LwipGit]). Without either the test is skipped, or
// fails under CI=true for the [SourceVersions]: the tree is only fetched,
// never faked.
func ExtractTree(t testing.TB, version, dir string) string {
	t.Helper()
	dst := filepath.Join(dir, "lwip")
	if src := sourcesTree(version); src != "" {
		if err := os.MkdirAll(dst, 0o755); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command("cp", "-R", src, dst).CombinedOutput(); err != nil {
			t.Fatalf("copy %s: %v: %s", src, err, out)
		}
		return dst
	}
	repo := LwipGit()
	if repo == "" {
		if slices.Contains(SourceVersions, version) {
			testenv.Require(t, false, fmt.Sprintf("lwIP %s sources (set LWIPLINT_LWIP_SOURCES to a directory holding lwip-%s/src, as .ci/lwip-sources makes, or LWIPLINT_LWIP_GIT to a bare clone)", version, version))
		}
		// Debian publishes no source for this version, so CI cannot fetch it.
		testenv.SkipLocal(t, "lwip-tcpip/lwip")
	}
	treeMu.Lock()
	tarball, ok := treeCache[version]
	if !ok {
		out, err := exec.Command("git", "--git-dir="+repo, "archive", "--format=tar", lwipTag(version), "src").Output()
		if err != nil {
			treeMu.Unlock()
			t.Fatalf("git archive %s: %v", lwipTag(version), err)
		}
		tarball, treeCache[version] = out, out
	}
	treeMu.Unlock()
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("tar", "-x", "-C", dst)
	cmd.Stdin = bytes.NewReader(tarball)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tar: %v: %s", err, out)
	}
	return dst
}

// AppendToTree appends the fixture's files named lwip-append/<path> to
// <tree>/<path>; tests use it to add a check to a real lwIP file without
// copying lwIP's text.
func (fx *Fixture) AppendToTree(tree string) error {
	for _, f := range fx.Archive.Files {
		rel, ok := strings.CutPrefix(f.Name, "lwip-append/")
		if !ok {
			continue
		}
		p := filepath.Join(tree, filepath.FromSlash(rel))
		fh, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("append to %s: %w", rel, err)
		}
		_, err = fh.Write(f.Data)
		if cerr := fh.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}
