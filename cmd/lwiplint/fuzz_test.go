package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lwiplint/lwiplint/internal/testenv"
	"golang.org/x/tools/txtar"
)

// FuzzCheck runs `lwiplint check` end to end on one lwipopts.h of
// arbitrary content, in the text or the JSON format: the exit code must be
// 0, 1 or 3 (never a usage error for a file that exists), stderr must show
// no panic or internal error, an input error must name the file, and JSON
// output must be valid. Its seeds are the project's lwipopts.h fixtures;
// crashers found are kept in testdata/fuzz/FuzzCheck. Run it with
//
//	go test -run='^$' -fuzz='^FuzzCheck$' -fuzztime=5m ./cmd/lwiplint
func FuzzCheck(f *testing.F) {
	seeds := seedConfigs(f)
	for i, s := range seeds {
		// Plain go test and a short fuzzing run (CI's) start from a
		// sample: a check takes tens of milliseconds.
		if fuzzing() && !testing.Short() || i%16 == 0 {
			f.Add(s)
		}
	}
	tree := testenv.FuzzTree(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		dir := t.TempDir()
		file := filepath.Join(dir, "lwipopts.h")
		if err := os.WriteFile(file, src, 0o644); err != nil {
			t.Fatal(err)
		}
		asJSON := len(src)%2 == 1
		args := []string{"check", "--no-config", "--lwip", tree, "--color", "never", file}
		if len(src)%4 == 0 {
			// A quarter of the inputs against the built-in 2.1.3 tables
			// (lwIP's whole opt.h and init.c); the rest against the small
			// tree, which makes a check ten times faster.
			args = []string{"check", "--no-config", "--no-tree", "--lwip-version", "2.1.3", "--color", "never", file}
		}
		if asJSON {
			args = append([]string{args[0], "--format", "json"}, args[1:]...)
		}
		var stdout, stderr bytes.Buffer
		start := time.Now()
		code := run(args, &stdout, &stderr)
		if d := time.Since(start); d > 20*time.Second {
			t.Fatalf("check took %v", d)
		}
		errText := stderr.String()
		switch code {
		case exitOK, exitFindings:
		case exitLoad:
			if !strings.Contains(errText, file) && !strings.Contains(errText, "lwipopts.h") {
				t.Fatalf("exit code 3 without naming the file:\n%s", errText)
			}
		default:
			t.Fatalf("exit code %d:\n%s", code, errText)
		}
		for _, bad := range []string{"panic", "goroutine ", "internal error", "/__lwiplint__"} {
			if strings.Contains(errText, bad) && !bytes.Contains(src, []byte(bad)) {
				t.Fatalf("stderr shows %q:\n%s", bad, errText)
			}
		}
		if asJSON && code != exitLoad && !json.Valid(stdout.Bytes()) {
			t.Fatalf("invalid JSON output:\n%s", stdout.String())
		}
	})
}

// fuzzing reports whether the test binary runs with -test.fuzz.
func fuzzing() bool {
	fl := flag.Lookup("test.fuzz")
	return fl != nil && fl.Value.String() != ""
}

// seedConfigs returns every lwipopts.h of the project's fixtures: the
// configurations of testdata/configs, the rule fixtures and these scripts.
func seedConfigs(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	files, _ := filepath.Glob("../../testdata/configs/*/lwipopts.h")
	files = append(files, "../../testdata/example/lwipopts.h")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, b)
	}
	archives, _ := filepath.Glob("../../lint/rules/testdata/*/*.txtar")
	scripts, _ := filepath.Glob("testdata/script/*.txtar")
	for _, a := range append(archives, scripts...) {
		ar, err := txtar.ParseFile(a)
		if err != nil {
			tb.Fatal(err)
		}
		for _, f := range ar.Files {
			if filepath.Base(f.Name) == "lwipopts.h" {
				out = append(out, f.Data)
			}
		}
	}
	if len(out) < 20 {
		tb.Fatalf("only %d seed configurations", len(out))
	}
	return out
}
