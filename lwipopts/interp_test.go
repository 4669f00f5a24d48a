package lwipopts

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
	"golang.org/x/tools/txtar"
)

// snapshot is everything a Config tells about itself, for comparing two
// loads of one configuration.
func snapshot(c *Config) string {
	var b strings.Builder
	fmt.Fprintf(&b, "version %s %s %s\nnotes %v\nerrors %v\n", c.Version, c.VersionFrom, c.LwipDir, c.Notes, c.Errors)
	names := append(append([]string(nil), c.Names()...), c.UserNames()...)
	sort.Strings(names)
	for i, n := range names {
		if i > 0 && names[i-1] == n {
			continue
		}
		o := *c.Option(n)
		o.Default = nil
		fmt.Fprintf(&b, "%+v\n", o)
		if o := c.Option(n); o.Default != nil {
			fmt.Fprintf(&b, "  default %+v\n", *o.Default)
		}
		fmt.Fprintf(&b, "  defs %+v\n", c.Definitions(n))
	}
	fmt.Fprintf(&b, "set %v\n", c.SetNames())
	return b.String()
}

// sameSnapshot fails t at the first line where the snapshots of a (the
// interpreter's load) and b (cc/v4's) differ.
func sameSnapshot(t *testing.T, a, b *Config) {
	t.Helper()
	sa, sb := snapshot(a), snapshot(b)
	if sa == sb {
		return
	}
	la, lb := strings.Split(sa, "\n"), strings.Split(sb, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			t.Fatalf("first difference (line %d):\ninterp: %s\ncc/v4:  %s", i+1, la[i], lb[i])
		}
	}
	t.Fatalf("snapshots differ in length: %d vs %d lines", len(la), len(lb))
}

// TestInterpAgreesWithCC loads every fixture twice, once with lwIP's headers
// evaluated by the interpreter (interp.go) and once by cc/v4, and compares
// every option, default, origin, note, #error and user definition.
func TestInterpAgreesWithCC(t *testing.T) {
	type setup struct {
		name string
		p    Params
	}
	setups := []setup{}
	for _, v := range BuiltinVersions() {
		setups = append(setups, setup{"builtin-" + v, Params{NoTree: true, LwipVersion: v}})
	}
	testenv.Require(t, testenv.HaveDebianLwip(), "Debian liblwip-dev")
	setups = append(setups, setup{"debian", Params{LwipDir: debianLwip}})
	fast, cc := NewLoader(), NewLoader()
	cc.noInterp = true
	interpreted := 0
	total := 0
	for _, s := range setups {
		for _, fx := range fixtures(t) {
			t.Run(s.name+"/"+fx.Name, func(t *testing.T) {
				p := fx.Params
				p.NoTree, p.LwipVersion, p.LwipDir = s.p.NoTree, s.p.LwipVersion, s.p.LwipDir
				a, errA := fast.Load(fx.File, p)
				b, errB := cc.Load(fx.File, p)
				if fmt.Sprint(errA) != fmt.Sprint(errB) {
					t.Fatalf("errors differ:\ninterp: %v\ncc/v4:  %v", errA, errB)
				}
				if errA != nil {
					return
				}
				total++
				if a.interpreted {
					interpreted++
				} else {
					t.Logf("fell back to cc/v4")
				}
				sameSnapshot(t, a, b)
				if !reflect.DeepEqual(a.names, b.names) {
					t.Fatal("option names differ")
				}
			})
		}
	}
	t.Logf("%d of %d loads took the interpreter, with %d cc/v4 runs", interpreted, total, fast.segments.Load())
	if interpreted < total*9/10 {
		t.Errorf("only %d of %d loads took the interpreter", interpreted, total)
	}
	// The start state (built-in and -D macros) is defined without cc/v4;
	// lwipopts.h needs one run, a port header in Debian's tree another.
	if n := fast.segments.Load(); n > int64(total)*3/2 {
		t.Errorf("%d cc/v4 runs for %d loads", n, total)
	}
}

// TestInterpAgreesWithCCRuleFixtures is TestInterpAgreesWithCC on the
// configurations of the rule fixtures (lint/rules/testdata): lwipopts.h
// files, FreeRTOSIPConfig.h files and ESP-IDF projects, with the versions
// of their "lwip:" lines.
func TestInterpAgreesWithCCRuleFixtures(t *testing.T) {
	archives, err := filepath.Glob("../lint/rules/testdata/*/*.txtar")
	if err != nil || len(archives) == 0 {
		t.Fatalf("no rule fixtures: %v", err)
	}
	fast, cc := NewLoader(), NewLoader()
	cc.noInterp = true
	loads, interpreted := 0, 0
	for _, a := range archives {
		ar, err := txtar.ParseFile(a)
		if err != nil {
			t.Fatal(err)
		}
		var versions []string
		for _, l := range strings.Split(string(ar.Comment), "\n") {
			if v, ok := strings.CutPrefix(l, "lwip:"); ok {
				versions = strings.Fields(v)
			}
		}
		dir := t.TempDir()
		path, kind := "", ""
		for _, f := range ar.Files {
			p := filepath.Join(dir, f.Name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			switch {
			case f.Name == ConfigFileFreeRTOS:
				path, kind = p, "freertos"
			case f.Name == "lwipopts.h" && kind == "":
				path, kind = p, "lwip"
			case !strings.Contains(f.Name, "/") && IsESPIDF(f.Name) && path == "":
				path, kind = dir, "esp"
			}
		}
		for _, v := range versions {
			if v == "tree" || path == "" {
				continue
			}
			name := strings.TrimPrefix(a, "../lint/rules/testdata/") + "@" + v
			t.Run(name, func(t *testing.T) {
				load := func(l *Loader) (*Config, error) {
					switch kind {
					case "freertos":
						return l.LoadFreeRTOS(path, Params{FreeRTOSVersion: v})
					case "esp":
						return l.LoadESPIDF(path, Params{LwipVersion: v})
					}
					return l.Load(path, Params{NoTree: true, LwipVersion: v})
				}
				a, errA := load(fast)
				b, errB := load(cc)
				if fmt.Sprint(errA) != fmt.Sprint(errB) {
					t.Fatalf("errors differ:\ninterp: %v\ncc/v4:  %v", errA, errB)
				}
				if errA != nil {
					return
				}
				loads++
				if a.interpreted {
					interpreted++
				}
				sameSnapshot(t, a, b)
			})
		}
	}
	t.Logf("%d of %d loads took the interpreter", interpreted, loads)
	if interpreted < loads*3/4 {
		t.Errorf("only %d of %d loads took the interpreter", interpreted, loads)
	}
}

// TestPunctAt checks the switch of punctAt against the lists puncts3 and
// puncts2, on every string of up to four punctuation characters.
func TestPunctAt(t *testing.T) {
	const chars = "!%&()*+,-./:;<=>?[]^{|}~#@$\\`"
	want := func(s string) string {
		for _, c := range append(append([]string(nil), puncts3...), puncts2...) {
			if strings.HasPrefix(s, c) {
				return c
			}
		}
		return s[:1]
	}
	var rec func(s string)
	rec = func(s string) {
		if s != "" {
			if got := punctAt(s); got != want(s) {
				t.Fatalf("punctAt(%q) = %q, want %q", s, got, want(s))
			}
		}
		if len(s) == 4 {
			return
		}
		for i := range len(chars) {
			rec(s + chars[i:i+1])
		}
	}
	rec("")
}

var fuzzCC = func() *Loader { l := NewLoader(); l.noInterp = true; return l }()

// FuzzInterp loads each input with the interpreter and with cc/v4 alone
// (TestInterpAgreesWithCC on generated inputs): the errors and the
// snapshots must be the same.
func FuzzInterp(f *testing.F) {
	addLoadSeeds(f)
	tree := testenv.FuzzTree(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		file, p, ok := writeArchive(t, dir, tree, data)
		if !ok {
			return
		}
		a, errA := fuzzLoader.Load(file, p)
		b, errB := fuzzCC.Load(file, p)
		if errA != nil || errB != nil {
			sa, sb := fmt.Sprint(errA), fmt.Sprint(errB)
			if sa != sb && !strings.Contains(sa+sb, "time limit") {
				t.Fatalf("errors differ:\ninterp: %v\ncc/v4:  %v", errA, errB)
			}
			return
		}
		sameSnapshot(t, a, b)
	})
}

// TestInterpPreprocessAgreesWithCC runs Config.Preprocess over the real
// src/core/init.c of the lwIP release sources .ci/run downloads
// (LWIPLINT_LWIP_SOURCES) with the interpreter and with cc/v4 alone, for
// every fixture and every rule fixture of lwIP's own checks (LW11xx), and
// compares the #error lines reached.
func TestInterpPreprocessAgreesWithCC(t *testing.T) {
	dir := os.Getenv("LWIPLINT_LWIP_SOURCES")
	var cfgs []string
	for _, fx := range fixtures(t) {
		if len(fx.Params.IncludeDirs)+len(fx.Params.Defines)+len(fx.Params.Includes) == 0 {
			cfgs = append(cfgs, fx.File)
		}
	}
	archives, _ := filepath.Glob("../lint/rules/testdata/LW11*/*.txtar")
	tmp := t.TempDir()
	for i, a := range archives {
		ar, err := txtar.ParseFile(a)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if f.Name == "lwipopts.h" {
				p := filepath.Join(tmp, fmt.Sprint(i), "lwipopts.h")
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
				cfgs = append(cfgs, p)
			}
		}
	}
	for _, v := range []string{"2.1.3", "2.2.1"} {
		src := filepath.Join(dir, "lwip-"+v, "src")
		_, err := os.Stat(filepath.Join(src, "core", "init.c"))
		testenv.Require(t, dir != "" && err == nil, "lwIP "+v+" release sources (LWIPLINT_LWIP_SOURCES)")
		fast, cc := NewLoader(), NewLoader()
		cc.noInterp = true
		total, reached := 0, 0
		for _, c := range cfgs {
			p := Params{LwipDir: filepath.Join(src, "include")}
			a, errA := fast.Load(c, p)
			b, errB := cc.Load(c, p)
			if errA != nil || errB != nil {
				if fmt.Sprint(errA) != fmt.Sprint(errB) {
					t.Errorf("%s: load errors differ: %v / %v", c, errA, errB)
				}
				continue
			}
			initc := filepath.Join(src, "core", "init.c")
			ea, errA := a.Preprocess(initc)
			eb, errB := b.Preprocess(initc)
			total++
			if errA == nil && errB != nil && carriedOn(ea, errB) {
				// cc/v4 stops at an #if of lwIP's it cannot evaluate; the
				// interpreter reports it and goes on, as gcc does.
				continue
			}
			if errA == nil && errB == nil && unevaluableIfs(ea) && unevaluableIfs(eb) {
				// Both report #ifs of lwIP's that a cast or sizeof in an
				// option makes unevaluable, each in its own words and at
				// its own lines (cc/v4 reads on past them differently);
				// the interpreter's, gcc's way, is checked against gcc by
				// TestRealConfigsAgainstGCC.
				continue
			}
			if fmt.Sprint(errA) != fmt.Sprint(errB) || fmt.Sprint(ea) != fmt.Sprint(eb) {
				t.Errorf("%s with lwIP %s: init.c differs:\ninterp: %v %v\ncc/v4:  %v %v", c, v, ea, errA, eb, errB)
			}
			reached += len(eb)
		}
		n := 0
		fast.sources.Range(func(_, _ any) bool { n++; return true })
		fb := fast.fallbacks.Load()
		t.Logf("lwIP %s: %d configurations, %d #errors reached in init.c; %d of lwIP's files scanned for the interpreter; %d of %d runs (loads and init.c) fell back to cc/v4", v, total, reached, n, fb, 2*total)
		if n == 0 || fb > int64(total)/5 {
			t.Errorf("lwIP %s: the interpreter read %d files and fell back %d times", v, n, fb)
		}
	}
}

// carriedOn reports whether errs (the interpreter's) hold a
// Note.Diagnostic at the line of ccErr, the error cc/v4 stopped at.
func carriedOn(errs []Note, ccErr error) bool {
	var le *LoadError
	var se *SourceError
	if !errors.As(ccErr, &le) || !errors.As(le.Err, &se) {
		return false
	}
	for _, n := range errs {
		if n.Diagnostic && n.Pos.File == se.Pos.File && n.Pos.Line == se.Pos.Line {
			return true
		}
	}
	return false
}

// unevaluableIfs reports whether notes holds an "invalid #if expression"
// diagnostic.
func unevaluableIfs(notes []Note) bool {
	for _, n := range notes {
		if strings.Contains(n.Text, "invalid #if expression") {
			return true
		}
	}
	return false
}
