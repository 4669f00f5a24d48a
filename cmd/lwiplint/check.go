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
for them (- with --stdin-filename: standard input). Settings come from the
closest .lwiplint.toml above each configuration found (see --config), then
from the flags. Environment notes (a header not found, an assumed release)
are said once on stderr, not as findings (--show-notes).

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
	quiet         bool
	showNotes     bool
	statistics    bool
	stdinFilename string
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
	fs.BoolVarP(&cf.quiet, "quiet", "q", false, "print the findings only: no environment notes, summary or links")
	fs.BoolVar(&cf.showNotes, "show-notes", false, "report the environment notes (a header not found, an assumed release: rules "+noteRuleIDs()+") as findings in every format, instead of once on stderr")
	fs.BoolVar(&cf.statistics, "statistics", false, "print the number of findings of each rule instead of the findings (text, or json with --format json)")
	fs.StringVar(&cf.stdinFilename, "stdin-filename", "", "with the PATH -, read the configuration from standard input as the file `PATH` (includes, settings and findings are those of PATH)")
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

	jobs, code := planJobs(fs.Args(), &cf, stdin, stderr)
	if code == exitUsage {
		return code
	}
	gcForRun(len(jobs))
	guard, err := newOutputGuard(outs, cf.writeBaseline, fs.Args())
	if err != nil {
		fmt.Fprintln(stderr, "lwiplint:", err)
		return exitUsage
	}
	if cf.doFix || cf.diff || cf.addIgnore != "" || cf.writeBaseline != "" {
		// These modes need every finding before they change anything; they
		// hold the findings, not the configurations.
		res, rc := collect(jobs, &cf, guard, stderr)
		if rc == exitUsage {
			return rc
		}
		code = max(code, rc)
		if !cf.quiet && !cf.doFix {
			res.assumed.print(stderr)
		}
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
			if n == 0 {
				// Nothing changed: report the findings of this run.
				cf.doFix = false
				return writeReport(res.replay, &cf, outs, base, cliLevel, colorOn, code, stdout, stderr)
			}
			// The report below lints the files again, as they are now.
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
				groups = append(groups, fix.Group{Config: r.file, Findings: r.findings, UserFile: userFile(r.lwipDir)})
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
		cf.doFix = false
		code = exitOK // the report below says what is left
	}
	lintAll := func(emit func(*lintRun) bool) int { return runJobs(jobs, &cf, guard, stderr, emit) }
	return writeReport(lintAll, &cf, outs, base, cliLevel, colorOn, code, stdout, stderr)
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

// lintRun is the result of linting one configuration: what the run keeps
// of it, never the loaded configuration itself (a run over a thousand
// configurations would hold them all).
type lintRun struct {
	file     string // the configuration file, or an ESP-IDF project's directory
	lwipDir  string // the lwIP tree used, "" for the built-in tables
	settings *config.File
	findings []lint.Finding
	assumed  string // see assumedLine
	err      error  // the load failed
	conflict error  // an output file is one of the configuration's inputs
}

type results struct {
	runs    []lintRun // with the environment notes left out unless --show-notes
	all     []lintRun // with them, for replay
	assumed assumedNotes
}

// projectRoot is the directory below which lwiplint may write file: the
// repository root (the closest directory holding .git) above the
// configuration whose findings name file, else that configuration's
// directory; for a file no finding names, the repository root above it.
func (r *results) projectRoot(file string) string {
	for _, x := range r.runs {
		for _, f := range x.findings {
			if f.Pos.File == file {
				return projectRootOf(x.file)
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

// outputGuard keeps a report from replacing a configuration: it knows the
// output files that exist before the run (--format FORMAT=FILE,
// --write-baseline FILE), and a configuration that reads one of them is an
// error (exit 2) before any output file is written.
type outputGuard struct {
	files []string
	flags []string // the flag that names each file
	infos []os.FileInfo
}

// newOutputGuard stats the output files and returns an error when one of
// them is a path given on the command line.
func newOutputGuard(outs []output, baseline string, args []string) (*outputGuard, error) {
	g := &outputGuard{}
	names, flags := []string{baseline}, []string{"--write-baseline"}
	for _, o := range outs {
		names, flags = append(names, o.file), append(flags, "--format")
	}
	for k, name := range names {
		if name == "" {
			continue
		}
		if fi, err := os.Stat(name); err == nil {
			g.files = append(g.files, name)
			g.flags = append(g.flags, flags[k])
			g.infos = append(g.infos, fi)
		}
	}
	for _, a := range args {
		if err := g.check(a); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// check returns an error when path is one of the output files.
func (g *outputGuard) check(path string) error {
	if len(g.files) == 0 {
		return nil
	}
	fi, err := os.Stat(path)
	if err != nil || fi.IsDir() {
		return nil
	}
	for k, o := range g.infos {
		if os.SameFile(o, fi) {
			return fmt.Errorf("%s: the output file %s is an input (%s): choose another name", g.flags[k], g.files[k], path)
		}
	}
	return nil
}

// checkConfig returns an error when the configuration file or a file it
// was computed from is one of the output files.
func (g *outputGuard) checkConfig(cfg *lwipopts.Config) error {
	if len(g.files) == 0 {
		return nil
	}
	if err := g.check(cfg.File); err != nil {
		return err
	}
	if in, ok := cfg.Inputs(); ok {
		for _, s := range in {
			if !s.Missing && s.Mode.IsRegular() {
				if err := g.check(s.Path); err != nil {
					return err
				}
			}
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

// fails reports whether one of the findings kept of this configuration
// reaches its fail level: the flag, else the .lwiplint.toml, else error.
func (x *lintRun) fails(kept []lint.Finding, cli lint.Severity) bool {
	level := cli
	if level == 0 && x.settings != nil {
		level = x.settings.FailLevel
	}
	if level == 0 {
		level = lint.Error
	}
	for _, f := range kept {
		if f.Severity >= level {
			return true
		}
	}
	return false
}

// job is one configuration to lint, with its settings.
type job struct {
	in       lwipopts.Input
	settings *config.File
	params   lwipopts.Params
	stdin    []byte // the configuration's text, read from standard input
}

// planJobs finds the configurations the paths name and the settings of
// each: --config, else the closest .lwiplint.toml above the configuration
// itself (not above the path given: lwiplint . honours a subdirectory's
// file), else none. An error in a settings file is exitUsage before any
// configuration is linted; a path that names no configuration is
// exitLoad, and the others are still linted.
func planJobs(paths []string, cf *checkFlags, stdin io.Reader, stderr io.Writer) ([]job, int) {
	if cf.stdinFilename != "" && !slices.Contains(paths, "-") {
		fmt.Fprintln(stderr, "lwiplint: --stdin-filename names the configuration read from standard input: give - as the PATH")
		return nil, exitUsage
	}
	known := func(id string) bool { return rules.ByID(id) != nil }
	code := exitOK
	loaded := map[string]*config.File{}
	var finder config.Finder
	var jobs []job
	for _, path := range paths {
		var inputs []lwipopts.Input
		var text []byte
		if path == "-" {
			in, t, err := stdinInput(cf.stdinFilename, stdin)
			if err != nil {
				fmt.Fprintf(stderr, "lwiplint: %v\n", err)
				if errors.Is(err, errStdinUsage) {
					return nil, exitUsage
				}
				code = exitLoad
				continue
			}
			inputs, text = []lwipopts.Input{in}, t
		} else {
			var err error
			if inputs, err = lwipopts.FindInputs(path); err != nil {
				fmt.Fprintf(stderr, "lwiplint: %v\n", err)
				code = exitLoad
			}
		}
		for _, in := range inputs {
			name := cf.configFile
			if name == "" && !cf.noConfig {
				p, err := finder.Find(in.Path)
				if err != nil {
					fmt.Fprintf(stderr, "lwiplint: %v\n", err)
					return nil, exitUsage
				}
				name = p
			}
			var settings *config.File
			if name != "" {
				s, ok := loaded[name]
				if !ok {
					var err error
					if s, err = config.Load(name, known); err != nil {
						fmt.Fprintf(stderr, "lwiplint: %v\n", err)
						return nil, exitUsage
					}
					loaded[name] = s
				}
				settings = s
			}
			jobs = append(jobs, job{in: in, settings: settings, params: mergeParams(cf.load.p, settings), stdin: text})
		}
	}
	return jobs, code
}

// runJobs lints the jobs in parallel and calls emit with each result in
// the order of the jobs, as each is done (see [ordered]). A load error is
// printed on stderr as it comes (exitLoad); a usage error of a load (a bad
// --lwip, say) stops the run with exitUsage, as does emit returning false.
func runJobs(jobs []job, cf *checkFlags, guard *outputGuard, stderr io.Writer, emit func(r *lintRun) bool) int {
	ruleSet := selectRules(cf)
	setTreeCache(cf.noCache)
	// The modes that edit files read no cache: they need each
	// configuration's lwIP tree. Standard input's text is no file's.
	var cache *resultCache
	if !cf.noCache && !cf.doFix && !cf.diff && cf.addIgnore == "" && cf.writeBaseline == "" {
		cache = openCache()
	}
	code := exitOK
	ordered(len(jobs), func(i int) lintRun {
		j := jobs[i]
		rs := ruleSet
		if j.settings != nil {
			rs = slices.DeleteFunc(slices.Clone(rs), func(r *lint.Rule) bool { return !j.settings.Enabled(r.ID) })
		}
		var key string
		started := time.Now()
		budget := cf.ramBudget.For(j.settings)
		if cache != nil && !j.in.ESPIDF && !j.in.FreeRTOS && j.stdin == nil && budget == 0 {
			ids := make([]string, len(rs))
			for k, r := range rs {
				ids[k] = r.ID
			}
			key = cache.key(j.in, j.params, j.settings, ids)
			if fs, assumed, ok := cache.get(key); ok {
				return lintRun{file: j.in.Path, settings: j.settings, findings: fs, assumed: assumed, conflict: guard.check(j.in.Path)}
			}
		}
		cfg, err := loadJob(j)
		if err != nil {
			return lintRun{file: j.in.Path, err: err}
		}
		fs := j.settings.Apply(cfg.File, lint.Run(cfg, rs, lint.Options{RAMBudget: budget}))
		if key != "" {
			cache.put(key, cfg, fs, started)
		}
		return lintRun{file: cfg.File, lwipDir: cfg.LwipDir, settings: j.settings, findings: fs,
			assumed: assumedNote(cfg, cfg.VersionAssumed), conflict: guard.checkConfig(cfg)}
	}, func(_ int, r lintRun) bool {
		if err := r.err; err != nil {
			fmt.Fprintf(stderr, "lwiplint: %v\n", err)
			var ue *lwipopts.UsageError
			if errors.As(err, &ue) {
				code = exitUsage
				return false
			}
			code = exitLoad
			return true
		}
		if r.conflict != nil {
			fmt.Fprintln(stderr, "lwiplint:", r.conflict)
			code = exitUsage
			return false
		}
		if !emit(&r) {
			code = exitUsage
			return false
		}
		return true
	})
	return code
}

// collect lints the jobs and keeps every result, for the modes that need
// all the findings before they change files.
// Environment notes are not findings here either (unless --show-notes):
// --add-ignore writes no suppression for them, --write-baseline records
// none; they are printed once on stderr.
func collect(jobs []job, cf *checkFlags, guard *outputGuard, stderr io.Writer) (*results, int) {
	res := &results{}
	var notes noteGroups
	code := runJobs(jobs, cf, guard, stderr, func(r *lintRun) bool {
		res.assumed.add(r.assumed)
		all := r.findings
		if !cf.showNotes {
			r.findings = notes.take(r.file, r.findings)
		}
		res.runs = append(res.runs, *r)
		r.findings = all
		res.all = append(res.all, *r)
		return true
	})
	if !cf.quiet && !cf.doFix { // --fix reports what is left, with the notes
		notes.print(stderr)
	}
	return res, code
}

// replay emits the results collected, with their notes, as runJobs
// emitted them (the load errors were printed then).
func (r *results) replay(emit func(*lintRun) bool) int {
	for i := range r.all {
		if !emit(&r.all[i]) {
			return exitUsage
		}
	}
	return exitOK
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

// userFile reports whether a file of a configuration's findings may be
// edited: not lwIP's built-in defaults or its tree, lwipDir ("" for the
// built-in tables).
func userFile(lwipDir string) func(string) bool {
	return func(f string) bool {
		if f == "" || strings.HasPrefix(f, "<") {
			return false
		}
		if lwipDir != "" {
			if rel, err := filepath.Rel(lwipDir, f); err == nil && !strings.HasPrefix(rel, "..") {
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
