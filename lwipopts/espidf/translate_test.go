package espidf

// Fixture tests: testdata/translate/*.txtar. Each archive holds the files
// of a case (sdkconfig, sdkconfig.defaults, sdkconfig.defaults.<target>,
// sdkconfig.h, CMakeLists.txt) and a "want" file:
//
//	options version=5.1.2 target=esp32s3   Options for Translate
//	version v5.1.2 sdkconfig                table used, and how it was chosen
//	target esp32s3
//	define NAME VALUE ORIGIN                 a header line; ORIGIN is
//	                                         FILE:LINE (an sdkconfig line),
//	                                         default, fixed or assumed
//	absent NAME                              NAME is not in the header
//	symbol NAME VALUE                        a Kconfig value ("-" = no value)
//	diag FILE:LINE CODE "regexp"             a diagnostic ("-" = no position)
//	nokconfgen                               skip the kconfgen cross-check
//
// A comment "# want +N CODE "regexp"" in a file expects a diagnostic N
// lines below it. Every warning and error must be expected.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

type fixture struct {
	name     string
	dir      string
	files    []string // in layering order
	opts     Options
	want     []string
	kconfgen bool
	out      string // where kconfgen's sdkconfig.h is kept ("": nowhere)
}

// differentialFixtures are the configurations of ../../testdata/espidf,
// one directory each with an sdkconfig (version in its header line,
// target in CONFIG_IDF_TARGET) and kconfgen's sdkconfig.h for it.
func differentialFixtures(t *testing.T) []*fixture {
	t.Helper()
	paths, _ := filepath.Glob("../../testdata/espidf/*/sdkconfig")
	var fs []*fixture
	for _, p := range paths {
		dir := filepath.Dir(p)
		fs = append(fs, &fixture{name: "differential/" + filepath.Base(dir), dir: dir, files: []string{p}, kconfgen: true,
			out: filepath.Join(dir, "sdkconfig.h")})
	}
	return fs
}

func loadFixtures(t *testing.T) []*fixture {
	t.Helper()
	paths, err := filepath.Glob("testdata/translate/*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	var fs []*fixture
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		fx := &fixture{name: strings.TrimSuffix(filepath.Base(p), ".txtar"), dir: t.TempDir(), kconfgen: true}
		var names []string
		for _, f := range a.Files {
			if f.Name == "want" {
				fx.want = strings.Split(strings.TrimSpace(string(f.Data)), "\n")
				continue
			}
			dst := filepath.Join(fx.dir, f.Name)
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dst, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			names = append(names, f.Name)
		}
		for _, w := range fx.want {
			f := strings.Fields(w)
			if len(f) == 0 {
				continue
			}
			switch f[0] {
			case "options":
				for _, kv := range f[1:] {
					k, v, _ := strings.Cut(kv, "=")
					switch k {
					case "version":
						fx.opts.Version = v
					case "target":
						fx.opts.Target = v
					}
				}
			case "nokconfgen":
				fx.kconfgen = false
			}
		}
		fx.files = fixtureOrder(fx.dir, names, fx.opts.Target)
		fs = append(fs, fx)
	}
	return fs
}

// fixtureOrder puts the files of a case in kconfgen's order: through
// Project.Files when there is a CMakeLists.txt, else defaults (each
// followed by its target variant), sdkconfig, then sdkconfig.h.
func fixtureOrder(dir string, names []string, target string) []string {
	for _, n := range names {
		if n == "CMakeLists.txt" {
			ps, err := Discover(dir)
			if err == nil && len(ps) == 1 {
				r := ps[0].Files(target)
				if len(r) == 0 && ps[0].Header != "" {
					r = []string{ps[0].Header}
				}
				return r
			}
		}
	}
	rank := func(n string) int {
		switch {
		case n == "sdkconfig.defaults":
			return 0
		case strings.HasPrefix(n, "sdkconfig.defaults."):
			return 1
		case strings.HasSuffix(n, ".h"):
			return 3
		}
		return 2
	}
	var r []string
	for _, n := range names {
		if strings.HasPrefix(filepath.Base(n), "sdkconfig") {
			r = append(r, n)
		}
	}
	sort.SliceStable(r, func(i, j int) bool { return rank(r[i]) < rank(r[j]) })
	for i, n := range r {
		r[i] = filepath.Join(dir, n)
	}
	return r
}

func (fx *fixture) translate(t *testing.T) *Translation {
	t.Helper()
	var files []*File
	for _, p := range fx.files {
		f, err := ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	opts := fx.opts
	opts.ProjectDir = fx.dir
	return Translate(files, opts)
}

var inlineWant = regexp.MustCompile(`(?:#|//|/\*)\s*want \+(\d+) (\S+) "((?:[^"\\]|\\.)*)"`)

type wantDiag struct {
	file string // base name, "-" for none
	line int
	code string
	re   *regexp.Regexp
	src  string
}

func TestTranslateFixtures(t *testing.T) {
	for _, fx := range loadFixtures(t) {
		t.Run(fx.name, func(t *testing.T) {
			tr := fx.translate(t)
			var wants []wantDiag
			for _, p := range fx.files {
				b, _ := os.ReadFile(p)
				for i, l := range strings.Split(string(b), "\n") {
					if m := inlineWant.FindStringSubmatch(l); m != nil {
						n, _ := strconv.Atoi(m[1])
						re, err := regexp.Compile(unq(m[3]))
						if err != nil {
							t.Fatal(err)
						}
						wants = append(wants, wantDiag{filepath.Base(p), i + 1 + n, m[2], re, l})
					}
				}
			}
			for _, w := range fx.want {
				f := strings.Fields(w)
				if len(f) == 0 || strings.HasPrefix(f[0], "#") {
					continue
				}
				switch f[0] {
				case "version":
					if tr.Version != f[1] || len(f) > 2 && tr.VersionFrom != f[2] {
						t.Errorf("version %s from %s, want %s", tr.Version, tr.VersionFrom, strings.Join(f[1:], " from "))
					}
				case "target":
					if tr.Target != f[1] {
						t.Errorf("target %s, want %s", tr.Target, f[1])
					}
				case "define":
					l := tr.Line(f[1])
					if l == nil {
						t.Errorf("%s: not in the header", f[1])
						continue
					}
					if l.Value != f[2] {
						t.Errorf("%s = %s, want %s", f[1], l.Value, f[2])
					}
					if len(f) > 3 && !originIs(l.Origin, f[3]) {
						t.Errorf("%s: origin %s, want %s", f[1], l.Origin, f[3])
					}
					if !strings.Contains(tr.Header, fmt.Sprintf("#define %s %s\n", f[1], f[2])) {
						t.Errorf("%s %s: not in Header", f[1], f[2])
					}
				case "absent":
					if l := tr.Line(f[1]); l != nil {
						t.Errorf("%s = %s, want it absent", f[1], l.Value)
					}
				case "symbol":
					s := tr.Symbols[f[1]]
					if s == nil {
						t.Errorf("symbol %s not computed", f[1])
						continue
					}
					want := f[2]
					if want == "-" {
						want = ""
					}
					if !s.Known || s.Value != want {
						t.Errorf("symbol %s = %q (known %v), want %q", f[1], s.Value, s.Known, want)
					}
					if len(f) > 3 && !originIs(s.Origin, f[3]) {
						t.Errorf("symbol %s: origin %s, want %s", f[1], s.Origin, f[3])
					}
				case "diag":
					file, line := "-", 0
					if f[1] != "-" {
						a, b, _ := strings.Cut(f[1], ":")
						file = a
						line, _ = strconv.Atoi(b)
					}
					rest := strings.TrimSpace(strings.SplitN(w, " ", 4)[3])
					re, err := regexp.Compile(unq(strings.Trim(rest, `"`)))
					if err != nil {
						t.Fatal(err)
					}
					wants = append(wants, wantDiag{file, line, f[2], re, w})
				}
			}
			used := make([]bool, len(tr.Diags))
			for _, w := range wants {
				found := false
				for i, d := range tr.Diags {
					base := "-"
					if d.Pos.File != "" {
						base = filepath.Base(d.Pos.File)
					}
					if !used[i] && base == w.file && d.Pos.Line == w.line && d.Code == w.code && w.re.MatchString(d.Message) {
						used[i], found = true, true
						break
					}
				}
				if !found {
					t.Errorf("no diagnostic %s:%d %s %q (from %q)", w.file, w.line, w.code, w.re, strings.TrimSpace(w.src))
				}
			}
			for i, d := range tr.Diags {
				if !used[i] && d.Severity >= Warning {
					t.Errorf("unexpected diagnostic %s", d)
				}
			}
			if t.Failed() {
				for _, d := range tr.Diags {
					t.Logf("got %s", d)
				}
			}
		})
	}
}

func unq(s string) string { return strings.ReplaceAll(s, `\"`, `"`) }

// originIs matches an origin against FILE:LINE, default, fixed or assumed.
func originIs(o Origin, spec string) bool {
	switch spec {
	case "default":
		return o.Kind == OriginKconfigDefault
	case "fixed":
		return o.Kind == OriginFixed
	case "assumed":
		return o.Kind == OriginAssumed
	}
	file, line, ok := strings.Cut(spec, ":")
	if !ok || o.Kind != OriginSdkconfig {
		return false
	}
	n, _ := strconv.Atoi(line)
	return filepath.Base(o.Pos.File) == file && o.Pos.Line == n
}

func TestContextAndIDFPath(t *testing.T) {
	idf := t.TempDir()
	f := Parse("sdkconfig", []byte("CONFIG_FREERTOS_HZ=1000\nCONFIG_LWIP_TCPIP_TASK_STACK_SIZE=4096\nCONFIG_NEWLIB_NANO_FORMAT=y\n"), KindSdkconfig)
	tr := Translate([]*File{f}, Options{Version: "5.5.5", IDFPath: idf, ContextInHeader: true})
	want := map[string]string{"portTICK_PERIOD_MS": "1U", "configTICK_RATE_HZ": "1000", "TASK_EXTRA_STACK_SIZE": "0", "ESP_TASK_TCPIP_STACK": "4096"}
	for _, l := range tr.Context {
		if w, ok := want[l.Name]; ok {
			if l.Value != w {
				t.Errorf("%s = %s, want %s", l.Name, l.Value, w)
			}
			if l.HeaderLine == 0 || tr.OriginAt(l.HeaderLine) != &tr.Context[slices.IndexFunc(tr.Context, func(c Line) bool { return c.Name == l.Name })] {
				t.Errorf("%s: not in the header", l.Name)
			}
			delete(want, l.Name)
		}
	}
	if len(want) != 0 {
		t.Errorf("missing context lines %v", want)
	}
	// CONFIG_NEWLIB_NANO_FORMAT is renamed in 5.5.5 and read back by
	// esp_task.h through sdkconfig.h's alias.
	if s := tr.Symbols["LIBC_NEWLIB_NANO_FORMAT"]; s == nil || s.Value != "y" {
		t.Errorf("LIBC_NEWLIB_NANO_FORMAT: %+v", s)
	}
	if l := tr.Line("TCPIP_THREAD_STACKSIZE"); l == nil || l.Value != "4096" {
		t.Errorf("TCPIP_THREAD_STACKSIZE: %+v", l)
	}
	l := tr.Line("TCP_MSS")
	if l.Origin.Kind != OriginKconfigDefault || !strings.HasPrefix(l.Origin.Pos.File, idf) || l.Origin.Pos.Line == 0 {
		t.Errorf("TCP_MSS origin %+v", l.Origin)
	}
	if !strings.HasPrefix(l.Define.File, idf) || !strings.HasSuffix(l.Define.File, "lwipopts.h") {
		t.Errorf("TCP_MSS define %+v", l.Define)
	}
	if s := tr.Symbols["LWIP_TCP_SYNMAXRTX"]; s.Range != "3..12" || !strings.Contains(s.Kconfig, "components/lwip/Kconfig:") {
		t.Errorf("LWIP_TCP_SYNMAXRTX: %+v", s)
	}
}

// TestLineEndingsSameTranslation translates every fixture again with CRLF
// and with lone CR line endings: the header, origins and diagnostics must
// not change.
func TestLineEndingsSameTranslation(t *testing.T) {
	for _, fx := range loadFixtures(t) {
		base := fx.translate(t)
		for name, nl := range map[string]string{"crlf": "\r\n", "cr": "\r"} {
			var files []*File
			for _, p := range fx.files {
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				files = append(files, Parse(p, []byte(strings.ReplaceAll(string(b), "\n", nl)), KindOf(p)))
			}
			opts := fx.opts
			opts.ProjectDir = fx.dir
			tr := Translate(files, opts)
			if tr.Header != base.Header {
				t.Errorf("%s %s: header differs", fx.name, name)
			}
			for i := range base.Lines {
				if i >= len(tr.Lines) || tr.Lines[i].Origin.Pos != base.Lines[i].Origin.Pos {
					t.Errorf("%s %s: origin of %s differs", fx.name, name, base.Lines[i].Name)
					break
				}
			}
			if len(tr.Diags) != len(base.Diags) {
				t.Errorf("%s %s: %d diagnostics, %d with LF", fx.name, name, len(tr.Diags), len(base.Diags))
			}
		}
	}
}
