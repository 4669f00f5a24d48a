package lwipopts

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
)

// fixture is one configuration of testdata/configs.
type fixture struct {
	Name   string
	Dir    string
	File   string
	Params Params
}

// fixtures reads testdata/configs/*/lwipopts.h with their args files
// (one command-line argument per line, paths relative to the config).
func fixtures(t *testing.T) []fixture {
	t.Helper()
	dirs, err := filepath.Glob("../testdata/configs/*/lwipopts.h")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures under testdata/configs: %v", err)
	}
	var r []fixture
	for _, f := range dirs {
		dir := filepath.Dir(f)
		fx := fixture{Name: filepath.Base(dir), Dir: dir, File: f}
		if b, err := os.Open(filepath.Join(dir, "args")); err == nil {
			sc := bufio.NewScanner(b)
			for sc.Scan() {
				line := strings.TrimSpace(sc.Text())
				if line == "" || strings.HasPrefix(line, "#") {
					continue
				}
				flag, val, _ := strings.Cut(line, " ")
				val = strings.TrimSpace(val)
				switch flag {
				case "-I":
					fx.Params.IncludeDirs = append(fx.Params.IncludeDirs, filepath.Join(dir, val))
				case "-D":
					fx.Params.Defines = append(fx.Params.Defines, val)
				case "--include":
					fx.Params.Includes = append(fx.Params.Includes, filepath.Join(dir, val))
				default:
					t.Fatalf("%s/args: unknown argument %q", dir, line)
				}
			}
			b.Close()
		}
		r = append(r, fx)
	}
	return r
}

const debianLwip = testenv.DebianLwip
