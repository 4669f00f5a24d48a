package lwipopts

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/lwiplint/lwiplint/internal/testenv"
)

// The fuzz targets of the loader. Their seeds are the project's fixtures
// (testdata/configs, the rule fixtures, the CLI scripts) and the inputs in
// testdata/fuzz/<target>: crashers found by fuzzing, kept as regression
// inputs, which plain `go test` runs too. Run one with, for example,
//
//	go test -run='^$' -fuzz='^FuzzLoad$' -fuzztime=5m ./lwipopts

// FuzzScanSource scans arbitrary bytes as a header: it must not panic, the
// directives must lie in the source in order, and the text served to
// cc/v4 must scan again with the same directives at the same lines.
func FuzzScanSource(f *testing.F) {
	for _, a := range seedArchives(f) {
		f.Add(a.Comment)
		for _, file := range a.Files {
			f.Add(file.Data)
		}
	}
	f.Add([]byte("\xef\xbb\xbf#define A 1\r\n#define B \\\r\n 2\r#if A\n#endif"))
	f.Add([]byte("#define S \"unterminated\n#define C 'x\n#include MACRO\n#line 7 \"x.c\"\n#warning w\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		sc, err := scanSource("f.h", src)
		if err != nil {
			var se *SourceError
			if !errors.As(err, &se) || se.Pos.Line < 1 {
				t.Fatalf("error %v (%T) without a position", err, err)
			}
			return
		}
		end, line, lines := 0, 0, 1
		for _, d := range sc.Dirs {
			if d.First < end || d.End <= d.First || d.End > len(sc.Src) || d.Line <= line || d.Col < 1 {
				t.Fatalf("directive %+v out of order or outside the source (previous end %d, line %d, size %d)", d, end, line, len(sc.Src))
			}
			if lines += bytes.Count(sc.Src[end:d.First], []byte{'\n'}); lines != d.Line {
				t.Fatalf("directive %+v: its offset is on line %d", d, lines)
			}
			lines += bytes.Count(sc.Src[d.First:d.End], []byte{'\n'})
			end, line = d.End, d.Line
			// Tokens survive a round trip through joinTokens.
			if ts, err := tokenize(d.Rest); err == nil {
				again, err := tokenize(joinTokens(ts))
				if err != nil || !slices.EqualFunc(ts, again, func(a, b token) bool { return a.Text == b.Text && a.Kind == b.Kind }) {
					t.Fatalf("tokens of %q change through joinTokens: %q, %v", d.Rest, joinTokens(ts), err)
				}
			}
		}
		if n, m := bytes.Count(sc.filtered(), []byte{'\n'}), bytes.Count(sc.Src, []byte{'\n'}); n != m && n != m+1 {
			t.Fatalf("filtered text has %d lines, the source %d", n, m)
		}
		served := serveText(sc, true)
		sc2, err := scanSource("f.h", served)
		if err != nil {
			t.Fatalf("served text does not scan: %v\n%s", err, served)
		}
		// The directives are those of the source at the same lines, once
		// the inserted ones are left out and the #line directives applied.
		marker := func(d directive) bool {
			return d.Name == "line" || d.Name == "warning" || d.Name == "pragma" && strings.HasPrefix(d.Rest, "__lwiplint_") ||
				d.Name == "if" && d.Rest == "1" || d.Name == "endif" && d.Rest == ""
		}
		var want, got []string
		// A chain the evaluator decides is served as branch tests
		// (ifhook.go).
		branches := branchOf(hookedChains(sc.Dirs))
		for i, d := range sc.Dirs {
			if k, ok := branches[i]; ok {
				d.Name, d.Rest = "if", `__has_include("`+branchName(k)+`")`
				if k > 0 {
					d.Name = "elif"
				}
			}
			if !marker(d) {
				want = append(want, fmt.Sprintf("%d: #%s %s", d.Line, d.Name, d.Rest))
			}
		}
		// serveText wraps a computed #include in "#ifndef M", its pragma
		// and "#else" (badIncludePragma).
		inserted := map[int]bool{}
		for i, d := range sc2.Dirs {
			if d.Name == "pragma" && strings.HasPrefix(d.Rest, badIncludePragma) && i > 0 && i+1 < len(sc2.Dirs) {
				inserted[i-1], inserted[i+1] = true, true
			}
		}
		adjust := 0
		for i, d := range sc2.Dirs {
			if inserted[i] {
				continue
			}
			if d.Name == "line" {
				n, err := strconv.Atoi(d.Rest)
				if err != nil {
					t.Fatalf("served #line %q", d.Rest)
				}
				adjust = n - (d.Line + 1)
				continue
			}
			if (d.Name == "if" || d.Name == "elif") && strings.HasPrefix(d.Rest, "(") && strings.HasSuffix(d.Rest, ")") {
				d.Rest = d.Rest[1 : len(d.Rest)-1] // see serveText
			}
			if !marker(d) {
				got = append(got, fmt.Sprintf("%d: #%s %s", d.Line+adjust, d.Name, d.Rest))
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("served text has the directives\n%q\nwant\n%q", got, want)
		}
	})
}

// FuzzEval evaluates arbitrary #if expressions with a few ordinary macros
// and a few hostile ones: no panic, no stack overflow, only *EvalError or
// the expansion limit as errors, and a bounded time.
func FuzzEval(f *testing.F) {
	env := &macroEnv{macros: map[string]*macro{}, limit: expansionLimit}
	for _, def := range []string{
		"TCP_MSS 1460",
		"TCP_SND_BUF (8*TCP_MSS)",
		"LWIP_MIN(x, y) (((x) < (y)) ? (x) : (y))",
		"LWIP_MAX(x, y) (((x) > (y)) ? (x) : (y))",
		"LWIP_MEM_ALIGN_SIZE(size) (((size) + 4 - 1U) & ~(4-1U))",
		"SELF SELF", "PING PONG", "PONG PING",
		"CAT(a,b) a##b", "STR(x) #x", "EMPTY", "VA(...) __VA_ARGS__", "NAMED(args...) args",
		"D(x) x x", "A0 1", "A1 A0+A0", "A2 A1+A1", "A3 A2+A2", "A4 A3+A3", "A5 A4+A4", "A6 A5+A5",
		"A7 A6+A6", "A8 A7+A7", "A9 A8+A8", "A10 A9+A9", "A11 A10+A10", "A12 A11+A11",
		"OPEN (", "CLOSE )", "NEG -",
	} {
		m, err := parseTestMacro(def)
		if err != nil {
			f.Fatal(err)
		}
		env.macros[m.Name] = m
	}
	for _, s := range []string{
		"TCP_SND_BUF", "LWIP_MIN(LWIP_MAX(((TCP_SND_BUF)/2), (2 * TCP_MSS) + 1), (TCP_SND_BUF) - 1)",
		"1U - 2 > 0", "-1 < 0u", "0xFFFFFFFFFFFFFFFF", "(1 ? -1 : 0u) < 0", "defined TCP_MSS && defined(X) && !defined Y",
		"CAT(TCP_, MSS)", "0 && 1/0", "1/0", "((u16_t)4096)", "sizeof(int)", "EMPTY", "1.5", "'A'", "'\\377'", "L'ab'",
		"STR(a \"b\")", "VA(1,2,3)", "D(D(D(D(1))))", "A12", "OPEN OPEN 1 CLOSE CLOSE", "NEG NEG NEG 1",
		"-9223372036854775807 - 1", "(-9223372036854775807 - 1) / -1", "1 << 63 >> 63", "1 ? 2 : 3, 4", "SELF + PING",
		"__has_include(<x.h>)", "LWIP_MIN(1", "#", "0b101 + 0x10 + 010", "18446744073709551616",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		start := time.Now()
		_, err := env.evalString(expr)
		if err != nil {
			var ee *EvalError
			if !errors.As(err, &ee) && !errors.Is(err, errExpansionLimit) {
				t.Fatalf("%q: error %v of type %T", expr, err, err)
			}
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("%q: evaluation took %v", expr, d)
		}
	})
}

// fuzzing reports whether the test binary runs with -test.fuzz.
func fuzzing() bool {
	fl := flag.Lookup("test.fuzz")
	return fl != nil && fl.Value.String() != ""
}

// addLoadSeeds adds the seed archives of FuzzLoad and FuzzInterp. They
// load against the small tree of testdata/fuzztree.txtar, so that an execution
// costs well under a millisecond and the fuzzer spends its time on the
// user's file; every eighth seed also comes with "--lwip builtin", the
// built-in 2.1.3 tables and their full opt.h. Plain go test and a short
// fuzzing run (CI's) take only the eighth seeds.
func addLoadSeeds(f *testing.F) {
	for i, a := range seedArchives(f) {
		if fuzzing() && !testing.Short() || i%8 == 0 {
			f.Add(txtar.Format(a))
		}
		if i%8 == 0 {
			b := &txtar.Archive{Comment: a.Comment, Files: slices.Clone(a.Files)}
			args := -1
			for j, af := range b.Files {
				if af.Name == "args" {
					args = j
				}
			}
			if args < 0 {
				b.Files = append(b.Files, txtar.File{Name: "args"})
				args = len(b.Files) - 1
			}
			b.Files[args].Data = append(slices.Clone(b.Files[args].Data), "--lwip builtin\n"...)
			f.Add(txtar.Format(b))
		}
	}
}

// parseTestMacro parses "NAME BODY" or "NAME(params) BODY" as a #define.
func parseTestMacro(def string) (*macro, error) {
	ts, err := tokenize(def)
	if err != nil {
		return nil, err
	}
	m, ok := parseDefine(ts)
	if !ok {
		return nil, fmt.Errorf("#define %s: not a macro definition", def)
	}
	return m, nil
}

// fuzzLoader is shared by the FuzzLoad inputs of one process, as lwiplint
// shares one between configurations.
var fuzzLoader = func() *Loader {
	l := NewLoader()
	l.Timeout = 30 * time.Second
	return l
}()

// FuzzLoad loads a configuration given as a txtar archive: the comment is
// lwipopts.h, the files are written next to it, and a file "args" holds
// command-line arguments, one per line, as in testdata/configs ("-I DIR",
// "-D NAME=VALUE", "-U NAME", "--include FILE", "--lwip debian" for
// Debian's lwIP tree when installed). Loading must give a configuration or
// a *LoadError or *UsageError, never an internal error or a panic, within
// the time budget; positions must never name lwiplint's internal paths.
func FuzzLoad(f *testing.F) {
	addLoadSeeds(f)
	tree := testenv.FuzzTree(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		file, p, ok := writeArchive(t, dir, tree, data)
		if !ok {
			return
		}
		start := time.Now()
		cfg, err := fuzzLoader.Load(file, p)
		checkLoaded(t, data, cfg, err)
		if d := time.Since(start); d > 20*time.Second {
			t.Fatalf("loading and resolving took %v", d)
		}
	})
}

// checkLoaded checks the result of loading data.
func checkLoaded(t *testing.T, data []byte, cfg *Config, err error) {
	t.Helper()
	internal := func(what, s string) {
		if strings.Contains(s, "/__lwiplint__") && !bytes.Contains(data, []byte("__lwiplint")) {
			t.Fatalf("%s names an internal path: %s", what, s)
		}
	}
	if err != nil {
		var le *LoadError
		var ue *UsageError
		if !errors.As(err, &le) && !errors.As(err, &ue) {
			t.Fatalf("error of type %T: %v", err, err)
		}
		if strings.Contains(err.Error(), "internal error") {
			t.Fatalf("%v", err)
		}
		internal("error", err.Error())
		return
	}
	for _, n := range append(cfg.Names(), cfg.UserNames()...) {
		o := cfg.Option(n)
		internal(n+" origin", o.Origin.Pos.String())
		for _, c := range o.Origin.Chain {
			internal(n+" include chain", c.String())
		}
		if o.Default != nil {
			internal(n+" default", o.Default.Pos.String())
		}
		for _, d := range cfg.Definitions(n) {
			internal(n+" definition", d.Pos.String())
		}
	}
	for _, note := range append(slices.Clone(cfg.Notes), cfg.Errors...) {
		internal("note", note.String())
	}
	for _, e := range []string{"TCP_MSS", "TCP_WND / TCP_MSS", "defined(NO_SYS) && NO_SYS"} {
		if _, err := cfg.Eval(e); err != nil {
			var ee *EvalError
			if !errors.As(err, &ee) && !errors.Is(err, errExpansionLimit) {
				t.Fatalf("Eval(%q): error of type %T: %v", e, err, err)
			}
		}
	}
}

// writeArchive writes the archive data under dir and returns the path of
// its lwipopts.h and the parameters its args file gives; ok is false for
// an archive that names a file outside dir or holds too many files. The
// configuration loads against tree (testenv.FuzzTree) unless its args say
// otherwise.
func writeArchive(t testing.TB, dir, tree string, data []byte) (string, Params, bool) {
	a := txtar.Parse(data)
	if len(a.Files) > 32 {
		return "", Params{}, false
	}
	file := filepath.Join(dir, "lwipopts.h")
	if err := os.WriteFile(file, a.Comment, 0o644); err != nil {
		t.Fatal(err)
	}
	inside := func(name string) (string, bool) {
		name = filepath.Clean(filepath.FromSlash(name))
		if name == "." || filepath.IsAbs(name) || name == ".." || strings.HasPrefix(name, ".."+string(filepath.Separator)) || strings.ContainsRune(name, 0) {
			return "", false
		}
		return filepath.Join(dir, name), true
	}
	p := Params{LwipDir: tree}
	for _, af := range a.Files {
		if af.Name == "args" {
			sc := bufio.NewScanner(bytes.NewReader(af.Data))
			for sc.Scan() {
				flag, val, _ := strings.Cut(strings.TrimSpace(sc.Text()), " ")
				val = strings.TrimSpace(val)
				switch flag {
				case "-I", "--include":
					path, ok := inside(val)
					if !ok {
						return "", Params{}, false
					}
					if flag == "-I" {
						p.IncludeDirs = append(p.IncludeDirs, path)
					} else {
						p.Includes = append(p.Includes, path)
					}
				case "-D":
					p.Defines = append(p.Defines, val)
				case "-U":
					p.Undefines = append(p.Undefines, val)
				case "--lwip":
					switch {
					case val == "builtin":
						p.NoTree, p.LwipVersion, p.LwipDir = true, "2.1.3", ""
					case testenv.HaveDebianLwip():
						p.NoTree, p.LwipVersion, p.LwipDir = false, "", debianLwip
					}
				}
			}
			continue
		}
		path, ok := inside(af.Name)
		if !ok {
			return "", Params{}, false
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return "", Params{}, false // a file where a directory should be
		}
		if err := os.WriteFile(path, af.Data, 0o644); err != nil {
			return "", Params{}, false
		}
	}
	return file, p, true
}

// seedArchives turns the project's fixtures into FuzzLoad's archives: each
// configuration of testdata/configs with the files next to it and its args,
// and each lwipopts.h of the rule fixtures and of the CLI's scripts with the
// files in its directory.
func seedArchives(tb testing.TB) []*txtar.Archive {
	tb.Helper()
	var out []*txtar.Archive
	cfgs, _ := filepath.Glob("../testdata/configs/*/lwipopts.h")
	cfgs = append(cfgs, "../testdata/example/lwipopts.h")
	for _, c := range cfgs {
		dir := filepath.Dir(c)
		a := &txtar.Archive{}
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			if rel == "lwipopts.h" {
				a.Comment = b
			} else {
				a.Files = append(a.Files, txtar.File{Name: filepath.ToSlash(rel), Data: b})
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, a)
	}
	scripts, _ := filepath.Glob("../lint/rules/testdata/*/*.txtar")
	more, _ := filepath.Glob("../cmd/lwiplint/testdata/script/*.txtar")
	for _, s := range append(scripts, more...) {
		ar, err := txtar.ParseFile(s)
		if err != nil {
			tb.Fatal(err)
		}
		for _, main := range ar.Files {
			if filepath.Base(main.Name) != "lwipopts.h" {
				continue
			}
			dir := filepath.Dir(main.Name)
			a := &txtar.Archive{Comment: main.Data}
			for _, other := range ar.Files {
				if rel, err := filepath.Rel(dir, other.Name); err == nil && other.Name != main.Name && !strings.HasPrefix(rel, "..") {
					a.Files = append(a.Files, txtar.File{Name: filepath.ToSlash(rel), Data: other.Data})
				}
			}
			out = append(out, a)
		}
	}
	if len(out) < 20 {
		tb.Fatalf("only %d seed archives", len(out))
	}
	return out
}

// BenchmarkFuzzInputs runs the bodies of FuzzLoad and FuzzInterp over
// their seeds, against the small tree and against the built-in tables,
// and reports the CPU time per input (cpu-ms/op, from getrusage, which a
// busy machine inflates less than the wall time): what an execution
// costs a fuzzing worker, less the coverage instrumentation.
func BenchmarkFuzzInputs(b *testing.B) {
	var small, builtin [][]byte
	for i, a := range seedArchives(b) {
		if i%4 != 0 {
			continue
		}
		small = append(small, txtar.Format(a))
		c := &txtar.Archive{Comment: a.Comment, Files: slices.Clone(a.Files)}
		c.Files = append(slices.DeleteFunc(c.Files, func(f txtar.File) bool { return f.Name == "args" }), txtar.File{Name: "args", Data: []byte("--lwip builtin\n")})
		builtin = append(builtin, txtar.Format(c))
	}
	for _, tc := range []struct {
		name   string
		inputs [][]byte
		interp bool
	}{
		{"Load/fuzztree", small, false}, {"Load/builtin", builtin, false},
		{"Interp/fuzztree", small, true}, {"Interp/builtin", builtin, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			dir, tree := b.TempDir(), testenv.FuzzTree(b)
			start := cpuTime()
			n := 0
			for b.Loop() {
				data := tc.inputs[n%len(tc.inputs)]
				n++
				d := filepath.Join(dir, strconv.Itoa(n))
				if err := os.Mkdir(d, 0o755); err != nil {
					b.Fatal(err)
				}
				file, p, ok := writeArchive(b, d, tree, data)
				if !ok {
					continue
				}
				fuzzLoader.Load(file, p)
				if tc.interp {
					fuzzCC.Load(file, p)
				}
				os.RemoveAll(d)
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(n), "cpu-ms/op")
		})
	}
}
