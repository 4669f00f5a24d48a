package lwipopts

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/lwiplint/lwiplint/lwipopts/espidf"
)

// Find returns the configuration files an input names: the file itself, or
// every lwipopts.h below a directory, sorted. Hidden directories are
// skipped, and so are the test and contrib directories of an lwIP tree
// vendored below the directory (a directory holding src/include/lwip/init.h
// other than the one given): their configurations are lwIP's own unit
// tests, fuzzers and examples, not the project's.
func Find(path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, &LoadError{Path: path, Err: err}
	}
	if !fi.IsDir() {
		return []string{path}, nil
	}
	var r []string
	var skipped []error
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == path {
				return &LoadError{Path: p, Err: err}
			}
			// An unreadable subdirectory: report it, lint the rest.
			skipped = append(skipped, &LoadError{Path: p, Err: err})
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			n := d.Name()
			if p != path && (len(n) > 1 && n[0] == '.' || n == "node_modules") {
				return filepath.SkipDir
			}
			if p != path && vendoredTreeOwn(path, p) {
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
		if len(skipped) > 0 {
			return nil, errors.Join(skipped...)
		}
		return nil, &LoadError{Path: path, Err: errors.New("no lwipopts.h below this directory")}
	}
	sort.Strings(r)
	// With skipped subdirectories the error comes with the files found.
	return r, errors.Join(skipped...)
}

// Input is one configuration to load: a lwipopts.h, or an ESP-IDF project
// (its root directory) or sdkconfig file, loaded with [Loader.LoadESPIDF].
type Input struct {
	Path     string
	ESPIDF   bool
	FreeRTOS bool // a FreeRTOSIPConfig.h
}

// FindInputs returns the configurations an input names: a lwipopts.h (or
// any C header given by name), an sdkconfig file, or for a directory every
// lwipopts.h below it and every ESP-IDF project (a directory whose
// CMakeLists.txt includes ESP-IDF's project.cmake), sorted by path.
//
// When some subdirectories cannot be read, the inputs found are returned
// together with an error that names them.
func FindInputs(path string) (_ []Input, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, &LoadError{Path: path, Err: err}
	}
	if !fi.IsDir() {
		return []Input{{Path: path, ESPIDF: IsESPIDF(path), FreeRTOS: IsFreeRTOS(path)}}, nil
	}
	var in []Input
	files, ferr := Find(path)
	for _, f := range files {
		in = append(in, Input{Path: f})
	}
	if len(files) > 0 && ferr != nil {
		defer func() { err = ferr }() // report the skipped directories with the inputs
	}
	// FreeRTOSIPConfig.h files, except those of a vendored FreeRTOS+TCP
	// (its tests and demos): a directory is pruned when it is the stack
	// (isFreeRTOSTree), whatever its name, and not for its name alone, so
	// a project's own test configurations in a directory named
	// FreeRTOS-Plus-TCP are read.
	filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			n := d.Name()
			if p != path && (len(n) > 1 && n[0] == '.' || n == "node_modules" || isFreeRTOSTree(p)) {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Name() == ConfigFileFreeRTOS {
			in = append(in, Input{Path: p, FreeRTOS: true})
		}
		return nil
	})
	if ps, err := espidf.Discover(path); err == nil {
		for _, p := range ps {
			in = append(in, Input{Path: p.Root, ESPIDF: true})
		}
	}
	if len(in) == 0 {
		if ferr != nil {
			var le *LoadError
			if errors.As(ferr, &le) && le.Path == path {
				return nil, &LoadError{Path: path, Err: errors.New("no lwipopts.h, FreeRTOSIPConfig.h or ESP-IDF project below this directory")}
			}
			return nil, ferr
		}
	}
	sort.Slice(in, func(i, j int) bool { return in[i].Path < in[j].Path })
	return in, nil
}

// vendoredTreeOwn reports whether the directory p is the test or contrib
// directory of an lwIP tree's top (holding src/include/lwip/init.h) that
// is below root, not root itself.
func vendoredTreeOwn(root, p string) bool {
	if n := filepath.Base(p); n != "test" && n != "contrib" {
		return false
	}
	top := filepath.Dir(p)
	if top == root || len(top) < len(root) {
		return false
	}
	fi, err := os.Stat(filepath.Join(top, "src", "include", "lwip", "init.h"))
	return err == nil && fi.Mode().IsRegular()
}
