package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/config"
	"github.com/lwiplint/lwiplint/lint/fix"
	"github.com/lwiplint/lwiplint/lint/report"
	"github.com/lwiplint/lwiplint/lint/rules"
	"github.com/lwiplint/lwiplint/lwipopts"
)

const checkUsage = `lwiplint [check] [flags] PATH...

Lint lwIP configurations: each PATH is a lwipopts.h or a directory searched
for them. Settings come from the closest .lwiplint.toml above each PATH
(see --config), then from the flags.

Suppress a finding with a comment on the line before, or at the end of, the
#define:  /* lwiplint:ignore LW1001 -- reason */  or for the whole file
/* lwiplint:file-ignore LW1001 -- reason */. The reason is required.

Exit codes (the same for every --format):
  0  no findings at or above --fail-level (or --exit-zero)
  1  findings at or above --fail-level; with --diff: there are fixes
  2  usage error, or an error in a .lwiplint.toml
  3  an input could not be loaded (the other inputs are still linted)`

type checkFlags struct {
	load          loadFlags
	formats       []string
	failLevel     string
	exitZero      bool
	color         string
	configFile    string
	noConfig      bool
	selectIDs     []string
	ignoreIDs     []string
	diff, doFix   bool
	addIgnore     string
	baseline      string
	writeBaseline string
	noCache       bool
	force         bool
	ramBudget     ramBudgetFlag // --ram-budget (ram.go)
}

// output is one --format: a format name and a file ("" for stdout).
type output struct{ format, file string }

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", checkUsage, stderr)
	var cf checkFlags
	cf.load.register(fs)
	fs.StringArrayVar(&cf.formats, "format", nil, "output `FORMAT[=FILE]`: "+strings.Join(report.Formats(), ", ")+"; repeat to write several, each to its own file (default text)")
	fs.StringVar(&cf.failLevel, "fail-level", "", "exit 1 when a finding has this `SEVERITY` or higher: error, warning, info (default error)")
	fs.BoolVar(&cf.exitZero, "exit-zero", false, "exit 0 even when there are findings")
	fs.StringVar(&cf.color, "color", "auto", "colour the text output: `WHEN` is auto, always or never (auto honours NO_COLOR, FORCE_COLOR and TERM=dumb)")
	fs.StringVar(&cf.configFile, "config", "", "read settings from `FILE` instead of the closest .lwiplint.toml")
	fs.BoolVar(&cf.noConfig, "no-config", false, "read no .lwiplint.toml")
	fs.StringSliceVar(&cf.selectIDs, "select", nil, "run only these rule `IDS` or prefixes (comma-separated, e.g. LW1,LW2001)")
	fs.StringSliceVar(&cf.ignoreIDs, "ignore", nil, "leave out these rule `IDS` or prefixes")
	fs.BoolVar(&cf.diff, "diff", false, "print the suggested fixes as a unified diff instead of the findings; change nothing")
	fs.BoolVar(&cf.doFix, "fix", false, "apply the suggested fixes (atomically), then report what is left")
	fs.StringVar(&cf.addIgnore, "add-ignore", "", "add a suppression comment with `REASON` for every finding, then exit")
	fs.StringVar(&cf.baseline, "baseline", "", "do not report the findings recorded in baseline `FILE`")
	fs.StringVar(&cf.writeBaseline, "write-baseline", "", "record the current findings in baseline `FILE`, then exit")
	fs.BoolVar(&cf.force, "force", false, "with --fix or --add-ignore, also rewrite files that are read-only")
	fs.BoolVar(&cf.noCache, "no-cache", false, "neither read nor write the caches of results and lwIP trees (see lwiplint cache --help)")
	fs.Var(&cf.ramBudget, "ram-budget", "report (LW2006) when lwIP's pools and heap take more static RAM than `SIZE` (\"48KiB\"; overrides ram-budget of .lwiplint.toml)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "lwiplint: no PATH given (a lwipopts.h or a directory)")
		return exitUsage
	}
	outs, err := parseOutputs(cf.formats)
	if err != nil {
		fmt.Fprintln(stderr, "lwiplint:", err)
		return exitUsage
	}
	var cliLevel lint.Severity
	if cf.failLevel != "" {
		if err := cliLevel.UnmarshalText([]byte(cf.failLevel)); err != nil {
			fmt.Fprintf(stderr, "lwiplint: --fail-level: %v\n", err)
			return exitUsage
		}
	}
	colorOn, err := useColor(cf.color, stdout)
	if err != nil {
		fmt.Fprintln(stderr, "lwiplint:", err)
		return exitUsage
	}
	modes := 0
	for _, on := range []bool{cf.diff, cf.doFix, cf.addIgnore != "", cf.writeBaseline != ""} {
		if on {
			modes++
		}
	}
	if modes > 1 {
		fmt.Fprintln(stderr, "lwiplint: --diff, --fix, --add-ignore and --write-baseline exclude each other")
		return exitUsage
	}
	if fs.Changed("add-ignore") && strings.TrimSpace(cf.addIgnore) == "" {
		fmt.Fprintln(stderr, "lwiplint: --add-ignore needs a REASON")
		return exitUsage
	}
	for _, id := range append(slices.Clone(cf.selectIDs), cf.ignoreIDs...) {
		if !validPrefix(id) {
			fmt.Fprintf(stderr, "lwiplint: %q is not a rule ID or prefix (such as LW1001 or LW1)\n", id)
			return exitUsage
		}
	}
	var base *fix.Baseline
	if cf.baseline != "" {
		if base, err = fix.LoadBaseline(cf.baseline); err != nil {
			fmt.Fprintln(stderr, "lwiplint:", err)
			return exitUsage
		}
	}

	res, code := lintInputs(fs.Args(), &cf, stderr)
	if code == exitUsage {
		return code
	}
	for _, o := range outs {
		if err := notAnInput(o.file, fs.Args(), res); err != nil {
			fmt.Fprintln(stderr, "lwiplint: --format:", err)
			return exitUsage
		}
	}
	if err := notAnInput(cf.writeBaseline, fs.Args(), res); err != nil {
		fmt.Fprintln(stderr, "lwiplint: --write-baseline:", err)
		return exitUsage
	}
	notes := make([]string, len(res.runs))
	for i, r := range res.runs {
		notes[i] = r.assumed
	}
	assumedLine(stderr, notes)
	root := repoRoot()
	edit := func(file string, data []byte) error {
		return fix.Write(file, data, fix.WriteOptions{Root: res.projectRoot(file), ReadOnly: cf.force})
	}
	switch {
	case cf.doFix:
		changes, err := fix.Plan(res.findings())
		if err != nil {
			fmt.Fprintln(stderr, "lwiplint:", err)
			return exitLoad
		}
		n := 0
		for _, c := range changes {
			for _, s := range c.Skipped {
				fmt.Fprintln(stderr, "lwiplint: fix skipped:", s)
			}
			if len(c.Edits) == 0 {
				continue
			}
			if err := edit(c.File, c.New); err != nil {
				fmt.Fprintln(stderr, "lwiplint:", err)
				return exitLoad
			}
			n += len(c.Edits)
			fmt.Fprintf(stderr, "lwiplint: fixed %d in %s\n", len(c.Edits), c.File)
		}
		if n > 0 {
			// Report what is left, from the files as they are now.
			res, code = lintInputs(fs.Args(), &cf, stderr)
		}
	case cf.diff:
		changes, err := fix.Plan(res.findings())
		if err != nil {
			fmt.Fprintln(stderr, "lwiplint:", err)
			return exitLoad
		}
		any := false
		for _, c := range changes {
			if len(c.Edits) > 0 {
				fmt.Fprint(stdout, c.Diff(displayPath(c.File)))
				any = true
			}
		}
		if any {
			return exitFindings
		}
		return code
	case cf.addIgnore != "":
		var groups []fix.Group
		for _, r := range res.runs {
			groups = append(groups, fix.Group{Config: r.cfg.File, Findings: r.findings, UserFile: userFile(r.cfg)})
		}
		changes, err := fix.Ignores(groups, cf.addIgnore)
		if err != nil {
			fmt.Fprintln(stderr, "lwiplint:", err)
			return exitUsage
		}
		for _, c := range changes {
			if err := edit(c.File, c.New); err != nil {
				fmt.Fprintln(stderr, "lwiplint:", err)
				return exitLoad
			}
			fmt.Fprintf(stderr, "lwiplint: added suppressions to %s\n", c.File)
		}
		return code
	case cf.writeBaseline != "":
		b, err := fix.NewBaseline(cf.writeBaseline, res.findings())
		if err == nil {
			var data []byte
			if data, err = b.Marshal(); err == nil {
				err = writeNewFile(cf.writeBaseline, data)
			}
		}
		if err != nil {
			fmt.Fprintln(stderr, "lwiplint:", err)
			return exitUsage
		}
		fmt.Fprintf(stderr, "lwiplint: recorded %d findings in %s\n", len(b.Findings), cf.writeBaseline)
		return code
	}

	all := res.findings()
	if base != nil {
		var matched int
		all, matched = base.Filter(all)
		if matched > 0 {
			fmt.Fprintf(stderr, "lwiplint: %d findings in the baseline %s not shown\n", matched, cf.baseline)
		}
	}
	lint.Sort(all)
	opts := report.Options{Rules: rules.All(), Root: root}
	for _, o := range outs {
		opts.Color = colorOn && o.file == "" && o.format == "text"
		if o.file == "" {
			err = report.Write(stdout, o.format, all, opts)
		} else {
			var b strings.Builder
			if err = report.Write(&b, o.format, all, opts); err == nil {
				err = writeNewFile(o.file, []byte(b.String()))
			}
		}
		if err != nil {
			fmt.Fprintln(stderr, "lwiplint:", err)
			return exitUsage
		}
	}
	if code != exitOK {
		return code
	}
	if !cf.exitZero && res.fails(all, cliLevel) {
		return exitFindings
	}
	return exitOK
}

// parseOutputs checks the --format values: at most one goes to stdout.
func parseOutputs(vals []string) ([]output, error) {
	if len(vals) == 0 {
		vals = []string{"text"}
	}
	var outs []output
	stdout := 0
	for _, v := range vals {
		name, file, _ := strings.Cut(v, "=")
		if !slices.Contains(report.Formats(), name) {
			return nil, fmt.Errorf("unknown --format %q (%s)", name, strings.Join(report.Formats(), ", "))
		}
		if file == "" || file == "-" {
			file = ""
			stdout++
		}
		outs = append(outs, output{name, file})
	}
	if stdout > 1 {
		return nil, errors.New("only one --format can go to standard output; give the others a file: --format sarif=lwiplint.sarif")
	}
	return outs, nil
}

func validPrefix(id string) bool {
	if !strings.HasPrefix(id, "LW") || len(id) > 6 {
		return false
	}
	return strings.Trim(id[2:], "0123456789") == ""
}

// run is the result of linting one configuration.
type lintRun struct {
	cfg      *lwipopts.Config
	settings *config.File
	findings []lint.Finding
	assumed  string // see assumedLine
}

type results struct{ runs []lintRun }

// projectRoot is the directory below which lwiplint may write file: the
// repository root (the closest directory holding .git) above the
// configuration whose findings name file, else that configuration's
// directory; for a file no finding names, the repository root above it.
func (r *results) projectRoot(file string) string {
	for _, x := range r.runs {
		for _, f := range x.findings {
			if f.Pos.File == file {
				return projectRootOf(x.cfg.File)
			}
		}
	}
	return projectRootOf(file)
}

// projectRootOf is the closest directory above path holding .git, else
// path's directory.
func projectRootOf(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Dir(path)
	}
	dir := filepath.Dir(abs)
	for d := dir; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// notAnInput returns an error when the output file out (none when "") is
// one of the inputs: a path given, or a file a configuration was read
// from. Writing it would replace the configuration with the report.
func notAnInput(out string, args []string, res *results) error {
	if out == "" {
		return nil
	}
	fo, err := os.Stat(out)
	if err != nil {
		return nil // a new file: not an input
	}
	same := func(p string) bool {
		fi, err := os.Stat(p)
		return err == nil && !fi.IsDir() && os.SameFile(fo, fi)
	}
	paths := slices.Clone(args)
	for _, x := range res.runs {
		if x.cfg == nil {
			continue
		}
		paths = append(paths, x.cfg.File)
		if in, ok := x.cfg.Inputs(); ok {
			for _, s := range in {
				if !s.Missing && s.Mode.IsRegular() {
					paths = append(paths, s.Path)
				}
			}
		}
	}
	for _, p := range paths {
		if same(p) {
			return fmt.Errorf("the output file %s is an input (%s): choose another name", out, p)
		}
	}
	return nil
}

func (r *results) findings() []lint.Finding {
	var out []lint.Finding
	for _, x := range r.runs {
		out = append(out, x.findings...)
	}
	lint.Sort(out)
	return out
}

// fails reports whether one of the findings kept reaches the fail level
// of its configuration: the flag, else the .lwiplint.toml, else error.
func (r *results) fails(kept []lint.Finding, cli lint.Severity) bool {
	type key struct {
		file, rule, msg string
		line, col       int
	}
	keep := map[key]bool{}
	for _, f := range kept {
		keep[key{f.Pos.File, f.Rule, f.Message, f.Pos.Line, f.Pos.Col}] = true
	}
	for _, x := range r.runs {
		level := cli
		if level == 0 && x.settings != nil {
			level = x.settings.FailLevel
		}
		if level == 0 {
			level = lint.Error
		}
		for _, f := range x.findings {
			if f.Severity >= level && keep[key{f.Pos.File, f.Rule, f.Message, f.Pos.Line, f.Pos.Col}] {
				return true
			}
		}
	}
	return false
}

// lintInputs loads and lints every configuration the paths name, in
// parallel, keeping the order of the inputs.
func lintInputs(paths []string, cf *checkFlags, stderr io.Writer) (*results, int) {
	known := func(id string) bool { return rules.ByID(id) != nil }
	type job struct {
		in       lwipopts.Input
		settings *config.File
		params   lwipopts.Params
	}
	var jobs []job
	code := exitOK
	settingsCache := map[string]*config.File{}
	for _, path := range paths {
		var settings *config.File
		cfgPath := cf.configFile
		if cfgPath == "" && !cf.noConfig {
			p, err := config.Find(path)
			if err != nil {
				fmt.Fprintf(stderr, "lwiplint: %v\n", err)
				return nil, exitUsage
			}
			cfgPath = p
		}
		if cfgPath != "" {
			s, ok := settingsCache[cfgPath]
			if !ok {
				var err error
				if s, err = config.Load(cfgPath, known); err != nil {
					fmt.Fprintf(stderr, "lwiplint: %v\n", err)
					return nil, exitUsage
				}
				settingsCache[cfgPath] = s
			}
			settings = s
		}
		inputs, err := lwipopts.FindInputs(path)
		if err != nil {
			fmt.Fprintf(stderr, "lwiplint: %v\n", err)
			code = exitLoad
		}
		for _, in := range inputs {
			jobs = append(jobs, job{in, settings, mergeParams(cf.load.p, settings)})
		}
	}
	ruleSet := selectRules(cf)
	setTreeCache(cf.noCache)
	// The modes that edit files need each Config; they read no cache.
	var cache *resultCache
	if !cf.noCache && !cf.doFix && !cf.diff && cf.addIgnore == "" && cf.writeBaseline == "" {
		cache = openCache()
	}
	out := make([]lintRun, len(jobs))
	errs := make([]error, len(jobs))
	parallel(len(jobs), func(i int) {
		j := jobs[i]
		rs := ruleSet
		if j.settings != nil {
			rs = slices.DeleteFunc(slices.Clone(rs), func(r *lint.Rule) bool { return !j.settings.Enabled(r.ID) })
		}
		var key string
		started := time.Now()
		budget := cf.ramBudget.For(j.settings)
		if cache != nil && !j.in.ESPIDF && !j.in.FreeRTOS && budget == 0 {
			ids := make([]string, len(rs))
			for k, r := range rs {
				ids[k] = r.ID
			}
			key = cache.key(j.in, j.params, j.settings, ids)
			if fs, assumed, ok := cache.get(key); ok {
				out[i] = lintRun{settings: j.settings, findings: fs, assumed: assumed}
				return
			}
		}
		cfg, err := load(j.in, j.params)
		if err != nil {
			errs[i] = err
			return
		}
		fs := j.settings.Apply(cfg.File, lint.Run(cfg, rs, lint.Options{RAMBudget: budget}))
		out[i] = lintRun{cfg: cfg, settings: j.settings, findings: fs, assumed: assumedNote(cfg, cfg.VersionAssumed)}
		if key != "" {
			cache.put(key, cfg, fs, started)
		}
	})
	res := &results{}
	for i := range jobs {
		if err := errs[i]; err != nil {
			var ue *lwipopts.UsageError
			if errors.As(err, &ue) {
				fmt.Fprintf(stderr, "lwiplint: %v\n", err)
				return nil, exitUsage
			}
			fmt.Fprintf(stderr, "lwiplint: %v\n", err)
			code = exitLoad
			continue
		}
		res.runs = append(res.runs, out[i])
	}
	return res, code
}

// selectRules applies --select and --ignore.
func selectRules(cf *checkFlags) []*lint.Rule {
	has := func(id string, list []string) bool {
		return slices.ContainsFunc(list, func(p string) bool { return strings.HasPrefix(id, p) })
	}
	var out []*lint.Rule
	for _, r := range rules.All() {
		if len(cf.selectIDs) > 0 && !has(r.ID, cf.selectIDs) || has(r.ID, cf.ignoreIDs) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// mergeParams lays the flags over the settings of a .lwiplint.toml.
func mergeParams(p lwipopts.Params, s *config.File) lwipopts.Params {
	if s == nil {
		return p
	}
	if p.LwipDir == "" && p.LwipVersion == "" && !p.NoTree {
		p.LwipDir = s.LwipDir
	}
	if p.LwipVersion == "" {
		p.LwipVersion = s.LwipVersion
	}
	if p.CompileCommands == "" {
		p.CompileCommands = s.CompileCommands
	}
	p.IncludeDirs = append(slices.Clone(s.Include), p.IncludeDirs...)
	p.Defines = append(slices.Clone(s.Define), p.Defines...)
	p.Undefines = append(slices.Clone(s.Undefine), p.Undefines...)
	return p
}

// userFile reports whether a file of cfg's findings may be edited: not
// lwIP's built-in defaults or its tree.
func userFile(cfg *lwipopts.Config) func(string) bool {
	return func(f string) bool {
		if f == "" || strings.HasPrefix(f, "<") {
			return false
		}
		if cfg.LwipDir != "" {
			if rel, err := filepath.Rel(cfg.LwipDir, f); err == nil && !strings.HasPrefix(rel, "..") {
				return false
			}
		}
		return true
	}
}

// displayPath is the path shown in diffs: relative to the working
// directory when inside it.
func displayPath(p string) string {
	if wd, err := os.Getwd(); err == nil {
		if abs, err := filepath.Abs(p); err == nil {
			if rel, err := filepath.Rel(wd, abs); err == nil && !strings.HasPrefix(rel, "..") {
				return filepath.ToSlash(rel)
			}
		}
	}
	return filepath.ToSlash(p)
}

// repoRoot is the closest directory above the working directory holding
// .git, else the working directory: SARIF paths are relative to it, and
// fixes do not write through links that leave it.
func repoRoot() string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := wd; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return wd
		}
		d = parent
	}
}

// writeNewFile writes an output file atomically (temporary file in the
// same directory, then rename), so a reader never sees half of it.
func writeNewFile(path string, data []byte) error {
	if _, err := os.Lstat(path); err == nil {
		return fix.WriteFile(path, data, repoRoot())
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".lwiplint-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
