package testenv

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/txtar"
)

// FuzzTree writes the fuzz targets' small lwIP-shaped release tree
// (lwipopts/testdata/fuzztree.txtar) under a temporary directory of tb and
// returns its include directory. The tree is kept in the repository as one
// archive so that lwiplint, linting the repository, never takes it for the
// project's lwIP tree.
func FuzzTree(tb testing.TB) string {
	tb.Helper()
	root, err := moduleRoot()
	if err != nil {
		tb.Fatal(err)
	}
	ar, err := txtar.ParseFile(filepath.Join(root, "lwipopts", "testdata", "fuzztree.txtar"))
	if err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	for _, f := range ar.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return filepath.Join(dir, "src", "include")
}

// moduleRoot is the directory of lwiplint's go.mod, above the working
// directory (a package's directory under go test).
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
