package lwipopts

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/lwiplint/lwiplint/lwipopts/espidf"
)

// Fork describes the vendor fork of lwIP a configuration builds with.
type Fork struct {
	// Name is the fork, such as "esp-lwip"; Base the upstream release it
	// is based on.
	Name, Base string
	// Facts are the fork's differences from upstream that checks depend
	// on, by ID, with whether each holds (see espidf.LwipFact):
	// "fin-wait-timeout-overridable", "ooseq-timeout-overridable",
	// "no-backoff-syn-rcvd", "rto-time-configurable", "timers-on-demand",
	// "tcp-pcb-limit-with-malloc".
	Facts map[string]bool
	// Sources cite the fork's files for each fact.
	Sources map[string]string
}

// ForkHas reports whether the configuration's lwIP fork has the fact id.
func (c *Config) ForkHas(id string) bool { return c.Fork != nil && c.Fork.Facts[id] }

// forkFacts maps the macros a fork makes overridable to the fact.
var forkFacts = map[string]string{
	"TCP_FIN_WAIT_TIMEOUT": "fin-wait-timeout-overridable",
	"TCP_OOSEQ_TIMEOUT":    "ooseq-timeout-overridable",
}

func (c *Config) forkOverridable(name string) bool {
	id, ok := forkFacts[name]
	return ok && c.ForkHas(id)
}

// ESPIDF is what a configuration loaded from an ESP-IDF project keeps.
type ESPIDF struct {
	// Project is nil when a lone sdkconfig file was loaded.
	Project     *espidf.Project
	Translation *espidf.Translation
}

// IsESPIDF reports whether path names an ESP-IDF configuration file:
// sdkconfig, sdkconfig.old, sdkconfig.defaults[.<target>] or sdkconfig.h.
func IsESPIDF(path string) bool {
	return strings.HasPrefix(filepath.Base(path), "sdkconfig")
}

// LoadESPIDF resolves the lwIP configuration of an ESP-IDF project: path
// is the project directory, or one of its sdkconfig files. The project's
// sdkconfig files are layered as ESP-IDF does, translated into the values
// of ESP-IDF's lwipopts.h for the detected ESP-IDF release (package
// espidf), and resolved against lwIP's defaults of the release esp-lwip
// is based on (built-in tables unless --lwip names a tree), with esp-lwip's
// differences applied. Origins point at the sdkconfig lines, or at ESP-IDF's
// Kconfig or lwipopts.h ("<ESP-IDF v5.1.2>/components/lwip/Kconfig:550")
// for values the project does not set.
func (l *Loader) LoadESPIDF(path string, p Params) (*Config, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, &LoadError{Path: path, Err: err}
	}
	dir := path
	if !fi.IsDir() {
		dir = filepath.Dir(path)
	}
	var proj *espidf.Project
	if ps, err := espidf.Discover(dir); err == nil {
		abs, _ := filepath.Abs(dir)
		for i := range ps {
			if r, _ := filepath.Abs(ps[i].Root); r == abs {
				proj = &ps[i]
				break
			}
		}
	}
	var tr *espidf.Translation
	main := path
	switch {
	case proj != nil:
		if tr, err = proj.Load(espidf.Options{Version: p.IDFVersion, Target: p.IDFTarget, IDFPath: os.Getenv("IDF_PATH")}); err != nil {
			return nil, &LoadError{Path: path, Err: err}
		}
		files := proj.Files("")
		if proj.Sdkconfig != "" {
			main = proj.Sdkconfig
		} else if len(files) > 0 {
			main = files[len(files)-1]
		} else {
			return nil, &LoadError{Path: path, Err: errors.New("ESP-IDF project without sdkconfig or sdkconfig.defaults")}
		}
	case fi.IsDir():
		return nil, &LoadError{Path: path, Err: errors.New("not an ESP-IDF project (no CMakeLists.txt including ESP-IDF's project.cmake, and no sdkconfig or sdkconfig.defaults)")}
	default:
		f, err := espidf.ReadFile(path)
		if err != nil {
			return nil, &LoadError{Path: path, Err: err}
		}
		tr = espidf.Translate([]*espidf.File{f}, espidf.Options{Version: p.IDFVersion, Target: p.IDFTarget, IDFPath: os.Getenv("IDF_PATH")})
	}
	if tr.Version == "" {
		// No table: an unsupported or unknown release (FindVersion).
		msg := "no ESP-IDF version lwiplint supports"
		for _, d := range tr.Diags {
			if d.Code == espidf.CodeVersion && d.Severity == espidf.Error {
				msg = d.Message
			}
		}
		return nil, &LoadError{Path: main, Err: errors.New(msg)}
	}
	if fi, err := os.Stat(main); err == nil && !fi.IsDir() && !fi.Mode().IsRegular() {
		return nil, &LoadError{Path: main, Err: errors.New("not a regular file")}
	}

	// Resolve the generated header like any lwipopts.h.
	tmp, err := os.MkdirTemp("", "lwiplint-esp-idf-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	hdr := filepath.Join(tmp, "lwipopts.h")
	if err := os.WriteFile(hdr, []byte(tr.Header), 0o600); err != nil {
		return nil, err
	}
	explicit := p.LwipDir != "" || p.LwipVersion != ""
	forkTable := ""
	if p.LwipDir == "" {
		p.NoTree = true
		if p.LwipVersion == "" {
			p.LwipVersion = tr.LwipBase
			// esp-lwip's own opt.h and option headers (forktable.go).
			if k := ForkTableKey("esp-lwip", tr.LwipTable); tr.LwipTable != "" && haveForkTable(k) {
				p.LwipVersion, forkTable = k, k
			}
		}
	}
	abs, err := filepath.Abs(hdr)
	if err != nil {
		return nil, err
	}
	fork := &Fork{Name: "esp-lwip", Base: tr.LwipBase, Facts: map[string]bool{}, Sources: map[string]string{}}
	for _, f := range tr.Lwip {
		fork.Facts[f.ID] = f.Holds
		fork.Sources[f.ID] = f.Source
	}
	p.gen = &generated{hdr: abs, overrides: map[string]string{}, lines: map[string]int{}, fork: fork}
	p.gen.pos = func(line int) Position {
		ln := tr.OriginAt(line)
		switch {
		case ln == nil:
			return Position{File: main}
		case ln.Origin.Kind == espidf.OriginSdkconfig:
			return Position{File: ln.Origin.Pos.File, Line: ln.Origin.Pos.Line}
		}
		return Position{File: "<ESP-IDF " + tr.Version + ">/" + filepath.ToSlash(ln.Origin.Pos.File), Line: ln.Origin.Pos.Line}
	}
	// esp-lwip makes some upstream constants overridable: the header's
	// value is the effective one. esp-lwip's own table already has them
	// under #ifndef.
	for name, id := range forkFacts {
		if forkTable != "" {
			break
		}
		if ln := tr.Line(name); fork.Facts[id] && ln != nil && ln.HeaderLine > 0 {
			p.gen.overrides[name] = ln.Value
			p.gen.lines[name] = ln.HeaderLine
		}
	}
	cfg, err := l.Load(hdr, p)
	if err != nil {
		var le *LoadError
		if errors.As(err, &le) {
			le.Path = strings.ReplaceAll(le.Path, hdr, main)
		}
		return nil, err
	}
	cfg.File = main
	cfg.ESPIDF = &ESPIDF{Project: proj, Translation: tr}
	cfg.extraSrcs = tr.Texts
	cfg.VersionAssumed = tr.Found.Assumed
	from := tr.VersionFrom
	if tr.Detected != "" && "v"+strings.TrimPrefix(tr.Detected, "v") != tr.Version {
		from += ", detected " + tr.Detected
	}
	base := fmt.Sprintf("lwIP %s defaults (built-in)", cfg.Version)
	switch {
	case forkTable != "" && tr.LwipTable == tr.LwipCommit:
		base = fmt.Sprintf("esp-lwip %s defaults (built-in)", tr.LwipCommit[:min(12, len(tr.LwipCommit))])
	case forkTable != "":
		base = fmt.Sprintf("esp-lwip %s defaults (built-in) standing for the pinned %s", tr.LwipTable[:min(12, len(tr.LwipTable))], tr.LwipCommit[:min(12, len(tr.LwipCommit))])
	}
	if explicit {
		base = fmt.Sprintf("lwIP %s as given", cfg.Version)
	}
	cfg.Notes = []Note{{Pos: Position{File: main}, Text: fmt.Sprintf("ESP-IDF %s (%s): values of ESP-IDF's lwipopts.h for these sdkconfig files, esp-lwip based on lwIP %s, %s", tr.Version, from, tr.LwipBase, base)}}
	// The translation read sdkconfig files, ESP-IDF's tree and IDF_PATH,
	// which Inputs does not record.
	cfg.inputs.incomplete()
	return cfg, nil
}

// generated is a configuration header written by lwiplint (ESP-IDF's
// lwipopts.h values for an sdkconfig), with where its lines come from.
type generated struct {
	hdr string // absolute path of the header
	pos func(line int) Position
	// overrides are macros a fork makes overridable, with the header's
	// values, and the header lines defining them.
	overrides map[string]string
	lines     map[string]int
	fork      *Fork
}

// apply replaces lwIP's unconditional definitions of the fork-overridable
// macros with the header's.
func (g *generated) apply(r *run, env *macroEnv) {
	r.cfg.Fork = g.fork
	for name, val := range g.overrides {
		ts, err := tokenize(val)
		if err != nil {
			continue
		}
		var pos Position
		if l, ok := g.lines[name]; ok {
			pos = g.pos(l)
		}
		env.mu.Lock()
		env.macros[name] = &macro{Name: name, Body: ts, Pos: pos, File: r.cfgPath}
		env.user[name] = true
		env.mu.Unlock()
	}
}

// LoadESPIDF resolves an ESP-IDF project's configuration with the shared
// default [Loader] (see [Loader.LoadESPIDF]).
func LoadESPIDF(path string, p Params) (*Config, error) { return defaultLoader.LoadESPIDF(path, p) }
