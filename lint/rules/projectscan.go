package rules

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/lwiplint/lwiplint/internal/fileio"
)

// Bounds of a project scan: a FreeRTOS demo repository holds a few
// thousand sources; a scan stops, and is then not evidence, past these.
const (
	scanMaxFiles = 20000
	scanMaxBytes = 96 << 20
	scanMaxFile  = 2 << 20
)

var scanExt = map[string]bool{".c": true, ".h": true, ".cc": true, ".cpp": true, ".cxx": true, ".hpp": true, ".hh": true, ".inc": true}

// projectRoot returns the directory whose sources are the project of the
// configuration at file: the nearest ancestor holding .git, else the
// working directory when file lies below it, else "" (a lone file: its
// directory need not hold the project's sources).
func projectRoot(file string) string {
	abs, err := filepath.Abs(file)
	if err != nil {
		return ""
	}
	dir := filepath.Dir(abs)
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		up := filepath.Dir(d)
		if up == d {
			break
		}
		d = up
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, dir); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return wd
		}
	}
	return ""
}

// projectScan is what projectReads found.
type projectScan struct {
	// Found holds the names some file mentions.
	Found map[string]bool
	// Complete is set when every source of the project was read: a
	// name no file mentions is then read by nothing the project builds.
	Complete bool
	// Has holds the base names of the files read.
	Has map[string]bool
}

// projectReads returns which of names a C source or header of the
// configuration's project other than the configuration itself mentions.
// Hidden directories and node_modules are not read, nor files over
// scanMaxFile.
func projectReads(file string, names []string) projectScan {
	root := projectRoot(file)
	if root == "" || len(names) == 0 {
		return projectScan{}
	}
	self, _ := filepath.Abs(file)
	found, has := map[string]bool{}, map[string]bool{}
	files, total, complete := 0, int64(0), true
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !scanExt[strings.ToLower(filepath.Ext(p))] || p == self {
			return nil
		}
		if files++; files > scanMaxFiles {
			complete = false
			return fs.SkipAll
		}
		data, err := fileio.ReadFile(p, scanMaxFile)
		if err != nil {
			return nil
		}
		has[d.Name()] = true
		if total += int64(len(data)); total > scanMaxBytes {
			complete = false
			return fs.SkipAll
		}
		for _, n := range names {
			if !found[n] && mentions(data, n) {
				found[n] = true
			}
		}
		return nil
	})
	return projectScan{Found: found, Complete: complete, Has: has}
}

// mentions reports whether data holds n as a whole identifier.
func mentions(data []byte, n string) bool {
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte(n))
		if j < 0 {
			return false
		}
		j += i
		end := j + len(n)
		if (j == 0 || !isIdentByte(data[j-1])) && (end == len(data) || !isIdentByte(data[end])) {
			return true
		}
		i = j + 1
	}
}

func isIdentByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// sameFile reports whether paths a and b name the same file.
func sameFile(a, b string) bool {
	if a == b {
		return true
	}
	x, err1 := filepath.Abs(a)
	y, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && x == y
}
