package linttest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// DefaultLwipGit is where a bare clone of lwIP's git repository is looked
// for when LWIPLINT_LWIP_GIT is not set.
const DefaultLwipGit = "/work/.mirror/lwip-tcpip+lwip/repo"

// LwipGit returns the bare lwIP repository to extract source trees from, or
// "" when there is none.
func LwipGit() string {
	dir := os.Getenv("LWIPLINT_LWIP_GIT")
	if dir == "" {
		dir = DefaultLwipGit
	}
	if _, err := os.Stat(filepath.Join(dir, "HEAD")); err != nil {
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

// ExtractTree writes the src directory of lwIP version (from [LwipGit]) to
// dir/lwip and returns dir/lwip. It skips the test when no repository is
// available: the tree is only fetched, never faked.
func ExtractTree(t testing.TB, version, dir string) string {
	t.Helper()
	repo := LwipGit()
	if repo == "" {
		t.Skipf("needs a bare clone of lwIP's git repository (set LWIPLINT_LWIP_GIT; looked at %s)", DefaultLwipGit)
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
	dst := filepath.Join(dir, "lwip")
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
