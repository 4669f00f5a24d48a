package config

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/lwiplint/lwiplint/lint"
)

// FuzzParse parses arbitrary bytes as a .lwiplint.toml and applies the
// result: nothing may panic, an error must be an [*Error] naming the file
// and a line inside it, and a file that parses must hold only well-formed
// rule IDs. The seeds are the configuration files of the CLI's scripts and
// of these tests; crashers found are kept in testdata/fuzz/FuzzParse. Run
// it with
//
//	go test -run='^$' -fuzz='^FuzzParse$' -fuzztime=1m ./lint/config
func FuzzParse(f *testing.F) {
	scripts, _ := filepath.Glob("../../cmd/lwiplint/testdata/script/*.txtar")
	n := 0
	for _, s := range scripts {
		ar, err := txtar.ParseFile(s)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			if filepath.Base(file.Name) == FileName {
				f.Add(file.Data)
				n++
			}
		}
	}
	if n == 0 {
		f.Fatal("no configuration files in the CLI's scripts")
	}
	for _, s := range []string{
		"select = [\"LW1\", \"LW2\"]\nignore = [\"LW2001\"]\nfail-level = \"warning\"\nlwip-dir = \"third_party/lwip\"\ninclude = [\"board\", \"/abs\"]\ndefine = [\"A=1\"]\nundefine = [\"B\"]\ncompile-commands = \"build/cc.json\"\n[severity]\nLW1001 = \"error\"\n[per-file-ignores]\n\"vendor/**\" = [\"LW1\"]\n",
		"[severity]\r\nLW1001 = \"fatal\"\r\n",
		"[per-file-ignores]\n\"a/[b\" = [\"LW1\"]\n\"{x,y}/**/*.h\" = [\"LW10\"]\n",
		"select = [\n", "x = 1", "select = []\x00\n", "\xef\xbb\xbfselect = [\"LW1001\"] # comment\n",
	} {
		f.Add([]byte(s))
	}
	known := func(id string) bool { return id == "LW1001" || id == "LW2001" }
	f.Fuzz(func(t *testing.T, data []byte) {
		const path = "dir/.lwiplint.toml"
		lines := 1 + bytes.Count(data, []byte{'\n'}) + bytes.Count(data, []byte{'\r'})
		cf, err := Parse(path, data, known)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if e.File != path || e.Line < 0 || e.Line > lines || e.Col < 0 {
				t.Fatalf("error at %s:%d:%d in a file of %d lines: %v", e.File, e.Line, e.Col, lines, err)
			}
			return
		}
		for _, id := range append(append([]string(nil), cf.Select...), cf.Ignore...) {
			if !idRE().MatchString(id) {
				t.Fatalf("select or ignore %q accepted", id)
			}
		}
		for id := range cf.Severity {
			if !known(id) {
				t.Fatalf("severity of %q accepted", id)
			}
		}
		findings := []lint.Finding{{Rule: "LW1001", Severity: lint.Warning}, {Rule: "LW2001", Severity: lint.Info}}
		for _, in := range []string{"dir/lwipopts.h", "dir/vendor/x/lwipopts.h", "other/lwipopts.h"} {
			for _, fd := range cf.Apply(filepath.FromSlash(in), findings) {
				if !strings.HasPrefix(fd.Rule, "LW") {
					t.Fatalf("Apply gave the finding %+v", fd)
				}
			}
		}
		cf.Enabled("LW1001")
	})
}
