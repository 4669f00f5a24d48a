package analyzer

import (
	"flag"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// setFlags sets the analyzer's flags for one test and restores them after.
func setFlags(t *testing.T, kv ...string) {
	t.Helper()
	old := map[string]string{}
	Analyzer.Flags.VisitAll(func(f *flag.Flag) { old[f.Name] = f.Value.String() })
	savedIgnore := flagIgnore
	t.Cleanup(func() {
		for k, v := range old {
			if k != "ignore" {
				Analyzer.Flags.Set(k, v)
			}
		}
		flagIgnore = savedIgnore
	})
	for i := 0; i+1 < len(kv); i += 2 {
		if err := Analyzer.Flags.Set(kv[i], kv[i+1]); err != nil {
			t.Fatal(err)
		}
	}
}

// cgoIfPossible turns cgo off when there is no C compiler, so that the cgo
// file of testdata/src/tun is ignored instead of failing the package load.
func cgoIfPossible(t *testing.T) {
	t.Helper()
	cc := os.Getenv("CC")
	if cc == "" {
		cc = "gcc"
	}
	if _, err := exec.LookPath(cc); err != nil {
		t.Setenv("CGO_ENABLED", "0")
	}
}

// TestAnalyzer checks the diagnostics against the `// want` comments of
// the lwipopts.h files, and applies the suggested fix by hand:
// analysistest.RunWithSuggestedFixes formats the result as Go source and
// cannot check a .h file.
func TestAnalyzer(t *testing.T) {
	cgoIfPossible(t)
	setFlags(t, "no-tree", "true", "lwip-version", "2.1.3")
	results := analysistest.Run(t, analysistest.TestData(), Analyzer, "tun", "clean", "ignored", "broken")
	var fixes []analysis.SuggestedFix
	var fset *token.FileSet
	for _, r := range results {
		for _, d := range r.Diagnostics {
			fixes = append(fixes, d.SuggestedFixes...)
			fset = r.Action.Package.Fset
		}
	}
	if len(fixes) != 1 || len(fixes[0].TextEdits) != 1 {
		t.Fatalf("got fixes %+v, want one fix with one edit", fixes)
	}
	fix := fixes[0]
	if want := "restore lwIP's formula for TCP_SND_QUEUELEN"; fix.Message != want {
		t.Errorf("fix message %q, want %q", fix.Message, want)
	}
	e := fix.TextEdits[0]
	tf := fset.File(e.Pos)
	if tf == nil || filepath.Base(tf.Name()) != "lwipopts.h" {
		t.Fatalf("edit is not in lwipopts.h: %v", tf)
	}
	data, err := os.ReadFile(tf.Name())
	if err != nil {
		t.Fatal(err)
	}
	got := string(data[:tf.Offset(e.Pos)]) + string(e.NewText) + string(data[tf.Offset(e.End):])
	line := strings.Split(got, "\n")[16]
	want := "#define TCP_SND_QUEUELEN        ((4 * (TCP_SND_BUF) + (TCP_MSS - 1))/(TCP_MSS)) // want"
	if !strings.HasPrefix(line, want) {
		t.Errorf("fixed line 17:\n%s\nwant prefix:\n%s", line, want)
	}
}

func TestValidate(t *testing.T) {
	if err := analysis.Validate([]*analysis.Analyzer{Analyzer}); err != nil {
		t.Fatal(err)
	}
}

// runPass runs the analyzer on a pass that lists otherFiles, as a
// go/packages driver would, and returns the diagnostics.
func runPass(t *testing.T, otherFiles ...string) ([]analysis.Diagnostic, error) {
	t.Helper()
	var ds []analysis.Diagnostic
	pass := &analysis.Pass{
		Analyzer:   Analyzer,
		Fset:       token.NewFileSet(),
		OtherFiles: otherFiles,
		ReadFile:   os.ReadFile,
		Report:     func(d analysis.Diagnostic) { ds = append(ds, d) },
	}
	_, err := Analyzer.Run(pass)
	return ds, err
}

func TestFlags(t *testing.T) {
	cfgFile := filepath.Join(t.TempDir(), "lwipopts.h")
	src := "#include \"board.h\"\n#define TCP_SYNMAXRTX 12\n#define TCP_MSS 536\n#define TCP_SND_QUEUELEN 9\n"
	if err := os.WriteFile(cfgFile, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		flags []string
		want  []string // categories of the diagnostics
	}{
		// TCP_SND_QUEUELEN 9 is CubeMX's literal, one above lwIP's formula:
		// LW4003 stays silent on it (issue 16).
		{"default", nil, []string{"LW1001"}},
		{"severity error", []string{"severity", "error"}, nil},
		{"severity info", []string{"severity", "info"}, []string{"LW9001", "LW1001", "LW2005"}},
		{"ignore", []string{"severity", "info", "ignore", "LW1001, LW9001"}, []string{"LW2005"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setFlags(t, append([]string{"no-tree", "true", "lwip-version", "2.1.3"}, tt.flags...)...)
			ds, err := runPass(t, cfgFile)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range ds {
				got = append(got, d.Category)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("categories (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFlagErrors(t *testing.T) {
	setFlags(t)
	for _, kv := range [][2]string{{"severity", "fatal"}, {"ignore", "LW0000"}} {
		if err := Analyzer.Flags.Set(kv[0], kv[1]); err == nil {
			t.Errorf("-%s=%s: no error", kv[0], kv[1])
		}
	}
}

// TestUsageError checks that a usage error fails the analysis instead of
// being reported in the file.
func TestUsageError(t *testing.T) {
	setFlags(t, "lwip", "/nonexistent/lwip")
	_, err := runPass(t, filepath.Join(analysistest.TestData(), "src", "clean", "lwipopts.h"))
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/lwip") {
		t.Errorf("error %v, want one naming the -lwip directory", err)
	}
}

// TestPlacement checks where findings that are not in the package's
// directory are reported.
func TestPlacement(t *testing.T) {
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "lwipopts.h")
	inc := filepath.Join(dir, "sub", "board.h")
	outside := filepath.Join(t.TempDir(), "opt.h")
	for name, text := range map[string]string{
		cfgFile: "#include \"sub/board.h\"\n#define TCP_MSS 1460\r\n#define TCP_SND_QUEUELEN 9\n",
		inc:     "#define MEM_SIZE 1600\n",
		outside: "#define TCP_WND 2048\n",
	} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fset := token.NewFileSet()
	pass := &analysis.Pass{Fset: fset}
	files := newFileSet(pass)
	cfg := &lwipopts.Config{File: cfgFile}
	at := func(file string, line, col int) lwipopts.Position {
		return lwipopts.Position{File: file, Line: line, Col: col}
	}
	show := func(p token.Pos) string {
		if !p.IsValid() {
			return "-"
		}
		posn := fset.Position(p)
		rel, _ := filepath.Rel(dir, posn.Filename)
		if strings.HasPrefix(rel, "..") {
			rel = filepath.Base(posn.Filename)
		}
		return rel + ":" + strconv.Itoa(posn.Line) + ":" + strconv.Itoa(posn.Column)
	}
	tests := []struct {
		name     string
		f        lint.Finding
		pos, end string
		related  []string
	}{
		{"in lwipopts.h", lint.Finding{Pos: at(cfgFile, 2, 9)}, "lwipopts.h:2:9", "lwipopts.h:2:21", nil},
		{"column past the line", lint.Finding{Pos: at(cfgFile, 1, 99)}, "lwipopts.h:1:23", "lwipopts.h:1:23", nil},
		{"in an include below", lint.Finding{Pos: at(inc, 1, 9)}, "sub/board.h:1:9", "sub/board.h:1:22", nil},
		{"lwIP default with a related line", lint.Finding{
			Pos:     at("<lwIP 2.1.3>/lwip/opt.h", 1322, 9),
			Related: []lint.Related{{Pos: at(cfgFile, 1, 1), Message: "not set here"}, {Pos: at(cfgFile, 2, 9), Message: "TCP_MSS"}},
		}, "lwipopts.h:1:1", "lwipopts.h:1:23", []string{"lwipopts.h:1:1", "lwipopts.h:2:9"}},
		{"outside the directory", lint.Finding{
			Pos:     at(outside, 1, 9),
			Related: []lint.Related{{Pos: at(outside, 1, 1), Message: "elsewhere"}},
		}, "lwipopts.h:1:1", "lwipopts.h:1:23", []string{"opt.h:1:9", "opt.h:1:1"}},
		{"line past the end", lint.Finding{Pos: at(cfgFile, 40, 1)}, "lwipopts.h:1:1", "lwipopts.h:1:23", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := files.diagnostic(cfg, tt.f)
			if !ok {
				t.Fatal("not reported")
			}
			if got := show(d.Pos); got != tt.pos {
				t.Errorf("Pos %s, want %s", got, tt.pos)
			}
			if got := show(d.End); got != tt.end {
				t.Errorf("End %s, want %s", got, tt.end)
			}
			var related []string
			for _, r := range d.Related {
				related = append(related, show(r.Pos))
			}
			if !slices.Equal(related, tt.related) {
				t.Errorf("Related %v, want %v", related, tt.related)
			}
		})
	}
}

// TestStaleFix checks that a fix whose text no longer matches the file is
// dropped.
func TestStaleFix(t *testing.T) {
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "lwipopts.h")
	if err := os.WriteFile(cfgFile, []byte("#define TCP_SND_QUEUELEN 9\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files := newFileSet(&analysis.Pass{Fset: token.NewFileSet()})
	cfg := &lwipopts.Config{File: cfgFile}
	fix := func(old string) *lint.Fix {
		return &lint.Fix{Message: "m", Edits: []lint.Edit{{File: cfgFile, Line: 1, Start: 25, End: 26, OldText: old, NewText: "32"}}}
	}
	if d, _ := files.diagnostic(cfg, lint.Finding{Pos: lwipopts.Position{File: cfgFile, Line: 1}, Fix: fix("9")}); len(d.SuggestedFixes) != 1 {
		t.Errorf("matching fix dropped")
	}
	if d, _ := files.diagnostic(cfg, lint.Finding{Pos: lwipopts.Position{File: cfgFile, Line: 1}, Fix: fix("8")}); len(d.SuggestedFixes) != 0 {
		t.Errorf("stale fix kept")
	}
}

// TestUnreadableConfig checks that nothing is reported without a file to
// report in.
func TestUnreadableConfig(t *testing.T) {
	cfgFile := filepath.Join(t.TempDir(), "lwipopts.h")
	files := newFileSet(&analysis.Pass{Fset: token.NewFileSet()})
	f := lint.Finding{Pos: lwipopts.Position{File: cfgFile, Line: 1, Col: 1}}
	if d, ok := files.diagnostic(&lwipopts.Config{File: cfgFile}, f); ok {
		t.Errorf("reported %+v for a missing file", d)
	}
}

// TestAnalyzerSettings checks that the closest .lwiplint.toml applies, as
// in lwiplint (issue 19: lwipvet reported what lwiplint suppresses): its
// ignore list drops LW4003 and its [severity] makes LW1001 an error; with
// -no-config both come back as they are.
func TestAnalyzerSettings(t *testing.T) {
	setFlags(t, "no-tree", "true", "lwip-version", "2.1.3")
	analysistest.Run(t, analysistest.TestData(), Analyzer, "configured")

	setFlags(t, "no-config", "true")
	dir := filepath.Join(analysistest.TestData(), "src", "configured")
	results := analysistest.Run(&silentT{TB: t}, analysistest.TestData(), Analyzer, "configured")
	var got []string
	for _, r := range results {
		for _, d := range r.Diagnostics {
			got = append(got, strings.Join(strings.Fields(d.Message)[:2], " "))
		}
	}
	slices.Sort(got)
	if want := []string{"warning LW1001", "warning LW4003"}; !slices.Equal(got, want) {
		t.Errorf("-no-config in %s: diagnostics %q, want %q", dir, got, want)
	}
}

// TestSettingsError checks that an error in the .lwiplint.toml fails the
// analysis with the file and line, instead of being ignored.
func TestSettingsError(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".lwiplint.toml"), []byte("ignore = [\"LW1001\"]\nselct = [\"LW1\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := settingsFor(filepath.Join(dir, "lwipopts.h"))
	if err == nil || !strings.Contains(err.Error(), ".lwiplint.toml:2:1: unknown key \"selct\"") {
		t.Errorf("settingsFor with a broken file: err = %v, want its line", err)
	}
}

// silentT takes the errors of analysistest's `// want` comparison, which a
// run with other flags than the fixture's cannot meet.
type silentT struct{ testing.TB }

func (*silentT) Errorf(string, ...any) {}
