package lwipopts

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// Find returns the configuration files an input names: the file itself, or
// every lwipopts.h below a directory (hidden directories and lwIP's own
// source tree skipped), sorted.
func Find(path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, &LoadError{Path: path, Err: err}
	}
	if !fi.IsDir() {
		return []string{path}, nil
	}
	var r []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return &LoadError{Path: p, Err: err}
		}
		if d.IsDir() {
			n := d.Name()
			if p != path && (len(n) > 1 && n[0] == '.' || n == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Name() == "lwipopts.h" {
			r = append(r, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(r) == 0 {
		return nil, &LoadError{Path: path, Err: errors.New("no lwipopts.h below this directory")}
	}
	sort.Strings(r)
	return r, nil
}
