package linttest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/lwiplint/lwiplint/internal/testenv"
	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// DebianLwipDir is the include directory of Debian's liblwip-dev (lwIP 2.1.3).
const DebianLwipDir = testenv.DebianLwip

// Lookup finds a rule by ID for a fixture's "with:" line; the rules
// package's tests set it (linttest cannot import the rules).
var Lookup = func(id string) *lint.Rule { return nil }

// Fixture is a parsed fixture archive.
type Fixture struct {
	Path     string
	Purpose  string
	Versions []string // from the lwip line; nil for the rule's versions
	Tree     bool
	Git      []string // versions of lwIP source trees to resolve with
	Needs    []string
	// RAMBudget is the fixture's lint.Options.RAMBudget in bytes (a
	// "ram-budget: BYTES" line).
	RAMBudget int64
	// With lists further rules to run beside the fixture's rule (found
	// with [Lookup]), for rules about other rules' findings.
	With    []string
	Archive *txtar.Archive
	// Elsewhere are the want-elsewhere regexes.
	Elsewhere []*regexp.Regexp
}

// Want is one expectation: a regex for a finding at File:Line.
type Want struct {
	File string
	Line int
	RE   *regexp.Regexp
}

var (
	wantRE = regexp.MustCompile(`//\s*want\s+(.*)$`)
	// In sdkconfig files (which have no end-of-line comments) a want is
	// " # want …"; Extract removes it.
	sdkWantRE    = regexp.MustCompile(`\s+#\s*want\s+(.*)$`)
	sdkWantLines = regexp.MustCompile(`(?m)[ \t]+#\s*want\s+.*$`)
)

func wantPattern(name string) *regexp.Regexp {
	if lwipopts.IsESPIDF(name) {
		return sdkWantRE
	}
	return wantRE
}

// Parse reads a fixture.
func Parse(path string) (*Fixture, error) {
	a, err := txtar.ParseFile(path)
	if err != nil {
		return nil, err
	}
	fx := &Fixture{Path: path, Archive: a}
	lines := strings.Split(strings.TrimSpace(string(a.Comment)), "\n")
	fx.Purpose = strings.TrimSpace(lines[0])
	if fx.Purpose == "" {
		return nil, fmt.Errorf("%s: the archive comment must start with a purpose line", path)
	}
	for _, l := range lines[1:] {
		l = strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(l, "lwip:"):
			for _, v := range strings.Fields(strings.TrimPrefix(l, "lwip:")) {
				if v == "tree" {
					fx.Tree = true
				} else if g, ok := strings.CutPrefix(v, "git:"); ok {
					fx.Git = append(fx.Git, g)
				} else {
					fx.Versions = append(fx.Versions, v)
				}
			}
		case strings.HasPrefix(l, "with:"):
			fx.With = append(fx.With, strings.Fields(strings.TrimPrefix(l, "with:"))...)
		case strings.HasPrefix(l, "ram-budget:"):
			n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimPrefix(l, "ram-budget:")), 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%s: ram-budget: %v", path, err)
			}
			fx.RAMBudget = n
		case strings.HasPrefix(l, "needs:"):
			fx.Needs = append(fx.Needs, strings.Fields(strings.TrimPrefix(l, "needs:"))...)
		case strings.HasPrefix(l, "want-elsewhere"):
			res, err := quoted(strings.TrimSpace(strings.TrimPrefix(l, "want-elsewhere")))
			if err != nil {
				return nil, fmt.Errorf("%s: %v", path, err)
			}
			fx.Elsewhere = append(fx.Elsewhere, res...)
		case l != "":
			return nil, fmt.Errorf("%s: unknown comment line %q", path, l)
		}
	}
	if !slices.ContainsFunc(a.Files, func(f txtar.File) bool {
		return f.Name == "lwipopts.h" || f.Name == lwipopts.ConfigFileFreeRTOS || !strings.Contains(f.Name, "/") && lwipopts.IsESPIDF(f.Name)
	}) {
		return nil, fmt.Errorf("%s: no lwipopts.h or sdkconfig file", path)
	}
	return fx, nil
}

// quoted parses a list of Go-quoted regexes.
func quoted(s string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			return nil, fmt.Errorf("bad want %q: %v", s, err)
		}
		u, _ := strconv.Unquote(q)
		re, err := regexp.Compile(u)
		if err != nil {
			return nil, fmt.Errorf("bad want regex %q: %v", u, err)
		}
		out = append(out, re)
		s = s[len(q):]
	}
	return out, nil
}

// Wants returns the want comments of the archive's files.
func (fx *Fixture) Wants() ([]Want, error) {
	var out []Want
	for _, f := range fx.Archive.Files {
		for i, line := range strings.Split(string(f.Data), "\n") {
			m := wantPattern(f.Name).FindStringSubmatch(line)
			if m == nil {
				continue
			}
			res, err := quoted(m[1])
			if err != nil {
				return nil, fmt.Errorf("%s: %s:%d: %v", fx.Path, f.Name, i+1, err)
			}
			for _, re := range res {
				out = append(out, Want{File: f.Name, Line: i + 1, RE: re})
			}
		}
	}
	return out, nil
}

// Extract writes the archive's files to dir and returns the path of its
// lwipopts.h.
func (fx *Fixture) Extract(dir string) (string, error) {
	for _, f := range fx.Archive.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", err
		}
		data := f.Data
		if lwipopts.IsESPIDF(f.Name) {
			data = sdkWantLines.ReplaceAll(data, nil)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return "", err
		}
	}
	// An ESP-IDF fixture: the project directory (with a CMakeLists.txt)
	// or its sdkconfig file.
	hasCfg, sdk, project := false, "", false
	for _, f := range fx.Archive.Files {
		switch {
		case f.Name == lwipopts.ConfigFileFreeRTOS:
			return filepath.Join(dir, f.Name), nil
		case f.Name == "lwipopts.h":
			hasCfg = true
		case f.Name == "CMakeLists.txt":
			project = true
		case sdk == "" && !strings.Contains(f.Name, "/") && lwipopts.IsESPIDF(f.Name):
			sdk = f.Name
		}
	}
	switch {
	case !hasCfg && project:
		return dir, nil
	case !hasCfg && sdk != "":
		return filepath.Join(dir, sdk), nil
	}
	return filepath.Join(dir, "lwipopts.h"), nil
}

// Load loads an extracted fixture: a lwipopts.h, or an ESP-IDF project or
// sdkconfig file.
func Load(path string, p lwipopts.Params) (*lwipopts.Config, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() || lwipopts.IsESPIDF(path) {
		return lwipopts.LoadESPIDF(path, p)
	}
	if lwipopts.IsFreeRTOS(path) {
		// The fixture's version line names FreeRTOS+TCP releases.
		p.FreeRTOSVersion, p.LwipVersion = p.LwipVersion, ""
		return lwipopts.LoadFreeRTOS(path, p)
	}
	return lwipopts.Load(path, p)
}

// Setup is one way to resolve a fixture.
type Setup struct {
	Name   string
	Params lwipopts.Params
	// Git is the version of a real lwIP source tree to extract and use.
	Git string
}

// Setups returns how to resolve fx for rule: once per version, plus the
// Debian tree when the fixture asks for it and it is installed.
func Setups(t testing.TB, fx *Fixture, rule *lint.Rule) []Setup {
	t.Helper()
	vs := fx.Versions
	if vs == nil && fx.Git == nil && fx.ESPIDF() {
		// The lwIP that the ESP-IDF release builds: esp-lwip's own tables.
		return []Setup{{Name: "esp-lwip"}}
	}
	if vs == nil && fx.Git == nil {
		// Every built-in version the rule runs for (not lwIP 1.x for
		// most rules, see lint.Rule.AppliesTo).
		for _, v := range lwipopts.BuiltinVersions() {
			if rule.AppliesTo(v) {
				vs = append(vs, v)
			}
		}
	}
	var out []Setup
	for _, v := range vs {
		if !rule.AppliesTo(v) && !strings.HasPrefix(v, "V") {
			t.Fatalf("%s: rule %s does not apply to lwIP %s", fx.Path, rule.ID, v)
		}
		out = append(out, Setup{Name: v, Params: lwipopts.Params{NoTree: true, LwipVersion: v}})
	}
	for _, g := range fx.Git {
		out = append(out, Setup{Name: "git-" + g, Git: g})
	}
	if fx.Tree {
		if !testenv.HaveDebianLwip() {
			if testenv.InCI() {
				t.Fatalf("%s: tree fixture needs %s (install liblwip-dev)", fx.Path, DebianLwipDir)
			}
			t.Logf("%s: skipping the tree run: %s is not installed", fx.Path, DebianLwipDir)
		} else {
			out = append(out, Setup{Name: "tree", Params: lwipopts.Params{LwipDir: DebianLwipDir}})
		}
	}
	return out
}

// Run checks every fixture *.txtar in dir against rule.
func Run(t *testing.T, dir string, rule *lint.Rule) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if len(files) == 0 {
		t.Fatalf("no fixtures in %s", dir)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".txtar"), func(t *testing.T) {
			RunFile(t, f, rule)
		})
	}
}

// RunFile checks one fixture against rule.
func RunFile(t *testing.T, path string, rule *lint.Rule) {
	t.Helper()
	fx, err := Parse(path)
	if err != nil {
		t.Fatal(err)
	}
	wants, err := fx.Wants()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range Setups(t, fx, rule) {
		t.Run(s.Name, func(t *testing.T) {
			dir := t.TempDir()
			cfgPath, err := fx.Extract(dir)
			if err != nil {
				t.Fatal(err)
			}
			params := s.Params
			if s.Git != "" {
				tree := ExtractTree(t, s.Git, t.TempDir())
				if err := fx.AppendToTree(tree); err != nil {
					t.Fatal(err)
				}
				params = lwipopts.Params{LwipDir: filepath.Join(tree, "src", "include")}
			}
			cfg, err := Load(cfgPath, params)
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			run := []*lint.Rule{rule}
			for _, id := range fx.With {
				r := Lookup(id)
				if r == nil {
					t.Fatalf("%s: with: unknown rule %s", fx.Path, id)
				}
				run = append(run, r)
			}
			var got []lint.Finding
			for _, f := range lint.Run(cfg, run, lint.Options{RAMBudget: fx.RAMBudget}) {
				if f.Rule == rule.ID {
					got = append(got, f)
				}
			}
			for _, e := range Check(dir, got, wants, fx.Elsewhere) {
				t.Error(e)
			}
		})
	}
}

// Check matches findings against wants and returns the mismatches.
func Check(dir string, got []lint.Finding, wants []Want, elsewhere []*regexp.Regexp) []string {
	used := make([]bool, len(wants))
	usedElse := make([]bool, len(elsewhere))
	var errs []string
	for _, f := range got {
		text := f.Rule + " " + f.Message
		rel, err := filepath.Rel(dir, f.Pos.File)
		inArchive := err == nil && !strings.HasPrefix(rel, "..") && filepath.IsAbs(f.Pos.File)
		matched := false
		if inArchive {
			for i, w := range wants {
				if !used[i] && w.File == filepath.ToSlash(rel) && w.Line == f.Pos.Line && w.RE.MatchString(text) {
					used[i], matched = true, true
					break
				}
			}
		} else {
			for i, re := range elsewhere {
				if !usedElse[i] && re.MatchString(text) {
					usedElse[i], matched = true, true
					break
				}
			}
		}
		if !matched {
			where := f.Pos.String()
			if inArchive {
				where = fmt.Sprintf("%s:%d", filepath.ToSlash(rel), f.Pos.Line)
			}
			errs = append(errs, fmt.Sprintf("unexpected finding at %s: %s", where, text))
		}
	}
	for i, w := range wants {
		if !used[i] {
			errs = append(errs, fmt.Sprintf("%s:%d: no finding matches %q", w.File, w.Line, w.RE))
		}
	}
	for i, re := range elsewhere {
		if !usedElse[i] {
			errs = append(errs, fmt.Sprintf("no finding outside the fixture matches %q", re))
		}
	}
	return errs
}

// ESPIDF reports whether the fixture is an ESP-IDF project or sdkconfig
// rather than a lwipopts.h.
func (fx *Fixture) ESPIDF() bool {
	return !slices.ContainsFunc(fx.Archive.Files, func(f txtar.File) bool { return f.Name == "lwipopts.h" })
}
