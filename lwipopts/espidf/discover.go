package espidf

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/lwiplint/lwiplint/internal/fileio"
)

// Project is an ESP-IDF project found by [Discover].
type Project struct {
	// Root is the directory of the top-level CMakeLists.txt.
	Root       string
	CMakeLists string
	// Sdkconfig is the project's sdkconfig ("" when there is none yet:
	// kconfgen then starts from the defaults files).
	Sdkconfig string
	// Defaults are the defaults files kconfgen reads, in order: those
	// named by SDKCONFIG_DEFAULTS in CMakeLists.txt, else
	// sdkconfig.defaults, when they exist. TargetDefaults are the
	// "<defaults file>.<name>" files next to them; [Project.Files] picks
	// the one for the target.
	Defaults       []string
	TargetDefaults []string
	// Header is build/config/sdkconfig.h when a build left one.
	Header string
	// Notes tell what discovery could not follow, such as an SDKCONFIG
	// set to a computed value.
	Notes []string
}

// projectInclude matches the line of a top-level CMakeLists.txt that makes
// it an ESP-IDF project: include($ENV{IDF_PATH}/tools/cmake/project.cmake)
// (ESP-IDF's documented template; ${IDF_PATH} and quotes also occur).
var projectInclude = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?mi)^\s*include\s*\(\s*"?[^)"]*tools/cmake/project\.cmake"?\s*\)`)
})

var setVar = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?mi)^\s*set\s*\(\s*(SDKCONFIG|SDKCONFIG_DEFAULTS)\s+([^)]*)\)`)
})

// Discover finds ESP-IDF projects in dir and below it: directories whose
// CMakeLists.txt includes ESP-IDF's tools/cmake/project.cmake, and
// directories without a CMakeLists.txt that hold an sdkconfig or
// sdkconfig.defaults (configurations kept apart from a project; Project
// then has no CMakeLists). Hidden directories, build directories and
// managed_components are skipped.
func Discover(dir string) ([]Project, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s: not a directory", dir)
	}
	var ps []Project
	seenDir := map[string]bool{}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // unreadable subdirectory: skip it
		}
		if d.IsDir() {
			n := d.Name()
			if p != dir && (strings.HasPrefix(n, ".") || n == "build" || n == "managed_components" || n == "node_modules") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "CMakeCache.txt")); err == nil && p != dir {
				return filepath.SkipDir // a build directory with another name
			}
			return nil
		}
		if n := d.Name(); n == "sdkconfig" || n == "sdkconfig.defaults" {
			if pr, ok := configDir(filepath.Dir(p)); ok && !seenDir[pr.Root] {
				seenDir[pr.Root] = true
				ps = append(ps, pr)
			}
			return nil
		}
		if d.Name() != "CMakeLists.txt" {
			return nil
		}
		if pr, ok := readProject(p); ok {
			ps = append(ps, pr)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].Root < ps[j].Root })
	return ps, nil
}

// configDir is the configuration directory dir when it has no
// CMakeLists.txt: its sdkconfig, sdkconfig.defaults and
// sdkconfig.defaults.<target> files, layered as a project's.
func configDir(dir string) (Project, bool) {
	if fileExists(filepath.Join(dir, "CMakeLists.txt")) {
		return Project{}, false
	}
	pr := Project{Root: dir}
	if p := filepath.Join(dir, "sdkconfig"); fileExists(p) {
		pr.Sdkconfig = p
	}
	if p := filepath.Join(dir, "sdkconfig.defaults"); fileExists(p) {
		pr.Defaults = []string{p}
		ms, _ := filepath.Glob(escapeGlob(p) + ".*")
		sort.Strings(ms)
		pr.TargetDefaults = ms
	}
	return pr, pr.Sdkconfig != "" || len(pr.Defaults) > 0
}

func readProject(cmakeLists string) (Project, bool) {
	fi, err := os.Stat(cmakeLists)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > MaxFileSize {
		return Project{}, false
	}
	b, err := fileio.ReadFile(cmakeLists, MaxFileSize)
	if err != nil || !projectInclude().Match(b) {
		return Project{}, false
	}
	root := filepath.Dir(cmakeLists)
	p := Project{Root: root, CMakeLists: cmakeLists}
	sdkconfig := filepath.Join(root, "sdkconfig")
	defaults := []string{filepath.Join(root, "sdkconfig.defaults")}
	// SDKCONFIG and SDKCONFIG_DEFAULTS set before include(project.cmake)
	// replace the defaults (ESP-IDF tools/cmake/project.cmake).
	for _, m := range setVar().FindAllSubmatch(b, -1) {
		val := strings.TrimSpace(string(m[2]))
		if strings.Contains(val, "${") || strings.Contains(val, "$ENV") {
			p.Notes = append(p.Notes, fmt.Sprintf("%s sets %s to %s, which lwiplint does not evaluate; using the default files", cmakeLists, m[1], val))
			continue
		}
		var items []string
		for _, f := range strings.FieldsFunc(val, func(r rune) bool { return r == ';' || r == ' ' || r == '\t' || r == '\n' }) {
			f = strings.Trim(f, `"`)
			if f == "" || f == "CACHE" || f == "STRING" || f == "PATH" || f == "FILEPATH" {
				continue
			}
			if !filepath.IsAbs(f) {
				f = filepath.Join(root, f)
			}
			items = append(items, f)
		}
		if string(m[1]) == "SDKCONFIG" && len(items) > 0 {
			sdkconfig = items[0]
		} else if len(items) > 0 {
			defaults = items
		}
	}
	if fileExists(sdkconfig) {
		p.Sdkconfig = sdkconfig
	}
	for _, d := range defaults {
		more, _ := filepath.Glob(escapeGlob(d) + ".*")
		sort.Strings(more)
		if !fileExists(d) {
			// ESP-IDF only adds <file>.<target> after an existing <file>
			// (tools/cmake/project.cmake keeps sdkconfig.defaults only
			// if it exists; kconfig.cmake then appends the variant).
			for _, m := range more {
				p.Notes = append(p.Notes, fmt.Sprintf("%s is not read: ESP-IDF reads <defaults>.<target> only after an existing %s", m, filepath.Base(d)))
			}
			continue
		}
		p.Defaults = append(p.Defaults, d)
		for _, m := range more {
			if fileExists(m) && !strings.HasSuffix(m, "~") && !strings.HasSuffix(m, ".old") && !strings.HasSuffix(m, ".bak") {
				p.TargetDefaults = append(p.TargetDefaults, m)
			}
		}
	}
	if h := filepath.Join(root, "build", "config", "sdkconfig.h"); fileExists(h) {
		p.Header = h
	}
	return p, true
}

func escapeGlob(s string) string {
	return strings.NewReplacer(`*`, `\*`, `?`, `\?`, `[`, `\[`, `\`, `\\`).Replace(s)
}

func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// Files returns the files kconfgen reads for target, in its order:
// each defaults file followed by its .<target> variant, then the
// sdkconfig (ESP-IDF tools/cmake/kconfig.cmake, __kconfig_generate_config;
// esp-idf-kconfig kconfgen/core.py main()). An empty target is guessed
// like ESP-IDF's tools/cmake/targets.cmake: CONFIG_IDF_TARGET in the
// sdkconfig, else in the (first) defaults file, else esp32.
func (p *Project) Files(target string) []string {
	if target == "" {
		target = p.guessTarget()
	}
	var r []string
	for _, d := range p.Defaults {
		r = append(r, d)
		if v := d + "." + target; contains(p.TargetDefaults, v) {
			r = append(r, v)
		}
	}
	if p.Sdkconfig != "" {
		r = append(r, p.Sdkconfig)
	}
	return r
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (p *Project) guessTarget() string {
	cands := []string{p.Sdkconfig}
	cands = append(cands, p.Defaults...)
	for _, c := range cands {
		if c == "" {
			continue
		}
		f, err := ReadFile(c)
		if err != nil {
			continue
		}
		if t := f.Target(); t != "" {
			return t
		}
	}
	for _, c := range cands {
		if f, err := ReadFile(c); err == nil && c != "" {
			if t := f.TargetHint(); t != "" {
				return t
			}
		}
	}
	return "esp32"
}

// Load reads the project's files in kconfgen's order and translates them.
// Without an sdkconfig or defaults file it uses build/config/sdkconfig.h
// when there is one.
func (p *Project) Load(opts Options) (*Translation, error) {
	if opts.ProjectDir == "" {
		opts.ProjectDir = p.Root
	}
	paths := p.Files(opts.Target)
	if len(paths) == 0 && p.Header != "" {
		paths = []string{p.Header}
	}
	if len(paths) == 0 {
		return nil, errors.New(p.Root + ": no sdkconfig, sdkconfig.defaults or build/config/sdkconfig.h")
	}
	var files []*File
	for _, path := range paths {
		f, err := ReadFile(path)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	tr := Translate(files, opts)
	for _, n := range p.Notes {
		tr.Diags = append(tr.Diags, Diagnostic{Pos: Position{File: p.CMakeLists}, Severity: Info, Code: CodeFile, Message: n})
	}
	return tr, nil
}
