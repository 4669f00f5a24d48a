package analyzer

import (
	"errors"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/config"
	"github.com/lwiplint/lwiplint/lint/rules"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// configName is the file lwIP's opt.h includes, and so the only name a
// configuration can have.
const configName = "lwipopts.h"

// Analyzer lints the lwipopts.h in the directory of a Go package with every
// lwiplint rule. See the package documentation for how the file is found.
var Analyzer = &analysis.Analyzer{
	Name: "lwiplint",
	Doc: "lint the lwIP configuration (lwipopts.h) next to a Go package\n\n" +
		"lwiplint resolves lwipopts.h against lwIP's defaults and reports\n" +
		"settings that break TCP, exhaust memory pools or stop lwIP's build.\n" +
		"Run 'lwiplint explain ID' for the documentation of a rule.",
	URL:              "https://pkg.go.dev/github.com/lwiplint/lwiplint/lint/analyzer",
	Run:              run,
	RunDespiteErrors: true,
}

// The flag values, shared by every package of a run.
var (
	flagLwip        string
	flagLwipVersion string
	flagNoTree      bool
	flagSeverity    = lint.Warning
	flagIgnore      []string
	flagNoConfig    bool
)

func init() {
	fs := &Analyzer.Flags
	fs.StringVar(&flagLwip, "lwip", "", "lwIP tree `DIR` (an absolute path) to resolve defaults with, instead of searching for one")
	fs.StringVar(&flagLwipVersion, "lwip-version", "", "lwIP `VERSION` of the built-in defaults (1.4.1, 2.0.3, 2.1.3, 2.2.0, 2.2.1)")
	fs.BoolVar(&flagNoTree, "no-tree", false, "ignore any lwIP tree and use the built-in defaults")
	fs.TextVar(&flagSeverity, "severity", lint.Warning, "report findings of this `LEVEL` or higher: info, warning or error")
	fs.Func("ignore", "comma-separated rule `IDS` not to run, such as LW9001,LW1003", setIgnore)
	fs.BoolVar(&flagNoConfig, "no-config", false, "read no .lwiplint.toml (by default the closest one above each lwipopts.h applies, as in lwiplint)")
}

func setIgnore(s string) error {
	known := map[string]bool{}
	for _, r := range rules.All() {
		known[r.ID] = true
	}
	var ids []string
	for id := range strings.SplitSeq(s, ",") {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		if !known[id] {
			return fmt.Errorf("unknown rule %q", id)
		}
		ids = append(ids, id)
	}
	flagIgnore = ids
	return nil
}

func run(pass *analysis.Pass) (any, error) {
	flags := lwipopts.Params{LwipDir: flagLwip, LwipVersion: flagLwipVersion, NoTree: flagNoTree}
	var rs []*lint.Rule
	for _, r := range rules.All() {
		if !slices.Contains(flagIgnore, r.ID) {
			rs = append(rs, r)
		}
	}
	files := newFileSet(pass)
	for _, path := range configFiles(pass) {
		settings, err := settingsFor(path)
		if err != nil {
			return nil, err
		}
		enabled := rs
		if settings != nil {
			enabled = slices.DeleteFunc(slices.Clone(rs), func(r *lint.Rule) bool { return !settings.Enabled(r.ID) })
		}
		cfg, err := lwipopts.Load(path, withSettings(flags, settings))
		if err != nil {
			if ue := (*lwipopts.UsageError)(nil); errors.As(err, &ue) {
				return nil, err
			}
			reportLoadError(pass, files, path, err)
			continue
		}
		for _, f := range settings.Apply(cfg.File, lint.Run(cfg, enabled, lint.Options{})) {
			if f.Severity < flagSeverity {
				continue
			}
			if d, ok := files.diagnostic(cfg, f); ok {
				pass.Report(d)
			}
		}
	}
	return nil, nil
}

// settingsFor reads the closest .lwiplint.toml above the configuration
// (nil when there is none, or with -no-config), as the lwiplint command
// does: its select, ignore, per-rule severities, per-file ignores and
// loading settings apply to the configuration. An error in the file fails
// the analysis, naming its line.
func settingsFor(path string) (*config.File, error) {
	if flagNoConfig {
		return nil, nil
	}
	name, err := config.Find(path)
	if err != nil || name == "" {
		return nil, err
	}
	return config.Load(name, func(id string) bool { return rules.ByID(id) != nil })
}

// withSettings lays the flags over the loading settings of a
// .lwiplint.toml: a flag that names the lwIP tree or version wins over the
// file's.
func withSettings(p lwipopts.Params, s *config.File) lwipopts.Params {
	if s == nil {
		return p
	}
	if p.LwipDir == "" && p.LwipVersion == "" && !p.NoTree {
		p.LwipDir = s.LwipDir
	}
	if p.LwipVersion == "" {
		p.LwipVersion = s.LwipVersion
	}
	p.CompileCommands = s.CompileCommands
	p.IncludeDirs = slices.Clone(s.Include)
	p.Defines = slices.Clone(s.Define)
	p.Undefines = slices.Clone(s.Undefine)
	return p
}

// configFiles returns the configurations of the package: the lwipopts.h
// files in OtherFiles and in the directories of its Go files, absolute and
// sorted, without those excluded by build constraints.
func configFiles(pass *analysis.Pass) []string {
	ignored := map[string]bool{}
	for _, f := range pass.IgnoredFiles {
		ignored[clean(f)] = true
	}
	var r []string
	add := func(name string) {
		name = clean(name)
		if filepath.Base(name) == configName && !ignored[name] && !slices.Contains(r, name) {
			r = append(r, name)
		}
	}
	for _, f := range pass.OtherFiles {
		add(f)
	}
	if !isExternalTest(pass) {
		for _, dir := range goDirs(pass) {
			name := filepath.Join(dir, configName)
			if fi, err := os.Stat(name); err == nil && fi.Mode().IsRegular() {
				add(name)
			}
		}
	}
	slices.Sort(r)
	return r
}

// goDirs returns the absolute directories of the package's Go files, as
// their package clauses name them: //line directives of cgo-generated files
// lead back to the source directory.
func goDirs(pass *analysis.Pass) []string {
	var dirs []string
	for _, f := range pass.Files {
		name := pass.Fset.Position(f.Package).Filename
		if !filepath.IsAbs(name) {
			continue
		}
		if d := filepath.Dir(name); !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

// isExternalTest reports whether the package is an external test package
// (package p_test), whose directory belongs to package p.
func isExternalTest(pass *analysis.Pass) bool {
	if pass.Pkg == nil || !strings.HasSuffix(pass.Pkg.Name(), "_test") || len(pass.Files) == 0 {
		return false
	}
	for _, f := range pass.Files {
		if !strings.HasSuffix(pass.Fset.Position(f.Package).Filename, "_test.go") {
			return false
		}
	}
	return true
}

func clean(name string) string {
	if abs, err := filepath.Abs(name); err == nil {
		return abs
	}
	return filepath.Clean(name)
}

// reportLoadError reports a configuration that cannot be resolved at the
// position of the problem when that is local, else at its first line.
func reportLoadError(pass *analysis.Pass, files *fileSet, path string, err error) {
	msg := err.Error()
	start, end, ok := token.NoPos, token.NoPos, false
	if se := (*lwipopts.SourceError)(nil); errors.As(err, &se) && local(path, se.Pos) {
		if start, end, ok = files.pos(se.Pos); ok {
			msg = se.Msg
		}
	}
	if !ok {
		if start, end, ok = files.pos(lwipopts.Position{File: path, Line: 1, Col: 1}); !ok {
			return
		}
	}
	pass.Report(analysis.Diagnostic{
		Pos: start, End: end, Category: "load",
		Message: "error: cannot resolve the lwIP configuration: " + msg,
	})
}
