package lwiprun

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
)

// mirrorTags are the lwIP releases the oracle builds from a local mirror of
// lwip-tcpip/lwip (git tag), as a local check: Debian publishes no source
// package of them, so CI, which has only Debian's, does not run them.
var mirrorTags = map[string]string{"2.0.3": "STABLE-2_0_3_RELEASE"}

var (
	mirrorMu  sync.Mutex
	mirrorSrc = map[string]string{}
)

// mirrorSources returns the src directory of release version, extracted
// once per test binary from the local mirror's tag into the build cache's
// directory, or skips the test as a local check when there is no mirror.
func mirrorSources(t *testing.T, version string) string {
	t.Helper()
	testenv.Require(t, testenv.GCC() != "", "gcc")
	tag, ok := mirrorTags[version]
	if !ok {
		t.Fatalf("lwIP %s is neither a Debian release (%v) nor a mirror tag", version, Versions)
	}
	git := testenv.RequireMirror(t, "lwip-tcpip/lwip")
	mirrorMu.Lock()
	defer mirrorMu.Unlock()
	if src, ok := mirrorSrc[version]; ok {
		return src
	}
	dir := filepath.Join(builds.Dir, "mirror-lwip-"+version)
	if err := extractTag(git, tag, "src", dir); err != nil {
		t.Fatalf("lwIP %s from the mirror: %v", version, err)
	}
	src := filepath.Join(dir, "src")
	mirrorSrc[version] = src
	return src
}

// extractTag writes the files under path at tag of the bare repository git
// into dir (git archive, read here: no tar program, no path outside dir).
func extractTag(git, tag, path, dir string) error {
	cmd := exec.Command("git", "--git-dir="+git, "archive", "--format=tar", tag, path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("git archive %s %s: %v: %s", tag, path, err, stderr.Bytes())
	}
	tr := tar.NewReader(bytes.NewReader(out))
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		name := filepath.FromSlash(h.Name)
		if !filepath.IsLocal(name) {
			return fmt.Errorf("archive entry %q leaves the directory", h.Name)
		}
		dst := filepath.Join(dir, name)
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(dst, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				return err
			}
			data, err := io.ReadAll(io.LimitReader(tr, 16<<20))
			if err != nil {
				return err
			}
			if err := os.WriteFile(dst, data, 0o644); err != nil {
				return err
			}
		default:
			// git's pax global header (the commit id); lwIP's src has no
			// symlinks.
		}
	}
}

// TestScenariosMirror runs every scenario of [TestScenarios] on the lwIP
// releases of [mirrorTags] (2.0.3), with the same configurations, and
// checks them against what that release's source says (scenarios cites it
// where 2.0.x differs). A local check: it needs a mirror of lwip-tcpip/lwip.
// The runs are listed in testdata/matrix-mirror.txt.
func TestScenariosMirror(t *testing.T) {
	for version := range mirrorTags {
		t.Run(version, func(t *testing.T) {
			src := mirrorSources(t, version)
			for _, fx := range scenarioConfigs(t) {
				t.Run(fx.name, func(t *testing.T) {
					t.Parallel()
					h, err := harnessFor(t, version, src, fx, nil)
					if err != nil {
						t.Fatal(err)
					}
					scenarios(t, h, fx, src)
				})
			}
		})
	}
	if t.Failed() || t.Skipped() {
		return
	}
	var versions []string
	for v := range mirrorTags {
		versions = append(versions, v)
	}
	checkMatrix(t, "matrix-mirror.txt", "TestScenariosMirror", versions)
}
