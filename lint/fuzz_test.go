package lint

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// FuzzParseSuppressions parses arbitrary bytes for suppression comments:
// it must not panic, every comment must lie in the file, a comment's target
// must be its own line or a later one, and a comment without a problem must
// name rule IDs and give a reason. The seeds are the header files of the
// rule fixtures, of the CLI's scripts and of testdata/configs; crashers
// found are kept in testdata/fuzz/FuzzParseSuppressions. Run it with
//
//	go test -run='^$' -fuzz='^FuzzParseSuppressions$' -fuzztime=1m ./lint
func FuzzParseSuppressions(f *testing.F) {
	for _, s := range seedHeaders(f) {
		f.Add(s)
	}
	f.Add([]byte("/* lwiplint:ignore LW1001 -- a\r\n * lwiplint:file-ignore LW2001 -- b */\r#define A 1 // lwiplint:ignore LW1001,,LW1002 --\n"))
	f.Add([]byte("\r/*lwiplint:ignore")) // issue 18: a lone CR ends line 1
	f.Add([]byte("#define S \"/* lwiplint:ignore LW1001 -- in a string\\\" */\"\n'/*' // lwiplint:ignore LW1001 -- x\n/* lwiplint:ignore"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Lines as the preprocessor counts them: CRLF, LF and a lone CR
		// each end one.
		lines := 1 + bytes.Count(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte{'\n'}) +
			bytes.Count(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte{'\r'})
		for _, s := range ParseSuppressions("f.h", data) {
			if s.Pos.File != "f.h" || s.Pos.Line < 1 || s.Pos.Line > lines || s.Pos.Col < 1 {
				t.Fatalf("suppression at %v, outside the file of %d lines", s.Pos, lines)
			}
			if s.File && s.Target != 0 || !s.File && s.Target != 0 && (s.Target < s.Pos.Line || s.Target > lines) {
				t.Fatalf("suppression at %v targets line %d", s.Pos, s.Target)
			}
			if s.Problem == "" {
				if len(s.Rules) == 0 || s.Reason == "" {
					t.Fatalf("suppression at %v has no problem but rules %q and reason %q", s.Pos, s.Rules, s.Reason)
				}
				for _, id := range s.Rules {
					if !ruleIDRE().MatchString(id) {
						t.Fatalf("suppression at %v has no problem but the rule %q", s.Pos, id)
					}
				}
			}
		}
	})
}

// seedHeaders returns the header files of the project's fixtures.
func seedHeaders(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	files, _ := filepath.Glob("../testdata/configs/*/*.h")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, b)
	}
	archives, _ := filepath.Glob("rules/testdata/*/*.txtar")
	scripts, _ := filepath.Glob("../cmd/lwiplint/testdata/script/*.txtar")
	for _, a := range append(archives, scripts...) {
		ar, err := txtar.ParseFile(a)
		if err != nil {
			tb.Fatal(err)
		}
		for _, f := range ar.Files {
			if strings.HasSuffix(f.Name, ".h") {
				out = append(out, f.Data)
			}
		}
	}
	if len(out) < 20 {
		tb.Fatalf("only %d seed headers", len(out))
	}
	return out
}
