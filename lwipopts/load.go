package lwipopts

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing/fstest"
	"time"

	"modernc.org/cc/v4"
)

// Limits that keep hostile input from eating the machine.
const (
	maxFileSize      = 8 << 20 // bytes per source file
	maxIncludedFiles = 2000
	maxIncludeDepth  = 200
	expansionLimit   = 1 << 26 // tokens, for cc/v4 and for evaluation
)

// Internal path prefixes; they never clash with real paths because they
// start with a NUL-free but unusual name under the root.
const (
	stubDir    = "/__lwiplint__/missing"
	builtinDir = "/__lwiplint__/builtin"
	cfgDir     = "/__lwiplint__/config"
	eofPragma  = "__lwiplint_eof"
	defPragma  = "__lwiplint_def"
)

// DefaultPredefined are the macros lwiplint predefines, like an
// arm-none-eabi gcc 12 for a Cortex-M: configurations that test compiler
// macros see plausible values. [Params.Undefines] removes them.
var DefaultPredefined = []string{
	"__STDC__=1", "__STDC_VERSION__=201112L", "__STDC_HOSTED__=1",
	"__GNUC__=12", "__GNUC_MINOR__=2", "__GNUC_PATCHLEVEL__=1",
	"__arm__=1", "__thumb__=1", "__ARMEL__=1", "__ARM_ARCH=7", "__ARM_EABI__=1",
	"__CHAR_BIT__=8", "__SIZEOF_INT__=4", "__SIZEOF_LONG__=4", "__SIZEOF_POINTER__=4",
	"__SIZEOF_SHORT__=2", "__SIZEOF_LONG_LONG__=8",
	"__INT_MAX__=0x7fffffff", "__LONG_MAX__=0x7fffffffL", "__SCHAR_MAX__=0x7f", "__SHRT_MAX__=0x7fff",
	"__ORDER_LITTLE_ENDIAN__=1234", "__ORDER_BIG_ENDIAN__=4321", "__BYTE_ORDER__=__ORDER_LITTLE_ENDIAN__",
}

// Loader loads configurations and keeps what can be shared between them:
// the reduced lwIP trees and cc/v4's source cache. It is safe for
// concurrent use.
type Loader struct {
	mu    sync.Mutex
	trees map[string]*treeEntry
	cache cc.SourceCache
}

type treeEntry struct {
	once sync.Once
	prog *program
	err  error
}

// NewLoader returns a Loader.
func NewLoader() *Loader { return &Loader{trees: map[string]*treeEntry{}} }

var defaultLoader = NewLoader()

// Load resolves the configuration in the file path (a lwipopts.h) with the
// shared default [Loader].
func Load(path string, p Params) (*Config, error) { return defaultLoader.Load(path, p) }

func (l *Loader) tree(key string, build func() (*program, error)) (*program, error) {
	l.mu.Lock()
	e := l.trees[key]
	if e == nil {
		e = &treeEntry{}
		l.trees[key] = e
	}
	l.mu.Unlock()
	e.once.Do(func() { e.prog, e.err = build() })
	return e.prog, e.err
}

// Load resolves the configuration in the file path.
func (l *Loader) Load(path string, p Params) (cfg *Config, err error) {
	defer func() {
		if r := recover(); r != nil {
			if os.Getenv("LWIPLINT_DEBUG") != "" {
				os.Stderr.Write(debug.Stack())
			}
			cfg, err = nil, &LoadError{Path: path, Err: fmt.Errorf("internal error while preprocessing (please report it): %v", r)}
		}
	}()
	fi, err := os.Stat(path)
	if err != nil {
		return nil, &LoadError{Path: path, Err: err}
	}
	if fi.IsDir() {
		return nil, &LoadError{Path: path, Err: errors.New("is a directory, not a configuration file")}
	}
	if p.CompileCommands != "" {
		if err := applyCompileCommands(&p, path); err != nil {
			return nil, &UsageError{Err: err}
		}
	}
	cfg = &Config{File: path, opts: map[string]*Option{}}

	// The lwIP tree, or a built-in table.
	var prog *program
	root := ""
	switch {
	case p.LwipDir != "" && !p.NoTree:
		dir, err := normalizeTreeDir(p.LwipDir)
		if err != nil {
			return nil, &UsageError{Err: fmt.Errorf("--lwip: %w", err)}
		}
		root = dir
	case !p.NoTree:
		root = findTree(filepath.Dir(path), p.IncludeDirs)
	}
	if root != "" {
		abs, _ := filepath.Abs(root)
		prog, err = l.tree("dir:"+abs, func() (*program, error) {
			fsys := os.DirFS(abs)
			v, err := treeVersion(fsys)
			if err != nil {
				return nil, err
			}
			return reduceTree(fsys, v)
		})
		if err != nil {
			return nil, &LoadError{Path: root, Err: fmt.Errorf("lwIP tree: %w", err)}
		}
		if p.LwipVersion != "" && !sameVersion(p.LwipVersion, prog.Version) {
			return nil, &UsageError{Err: fmt.Errorf("--lwip-version %s does not match the lwIP tree %s, which is %s", p.LwipVersion, root, prog.Version)}
		}
		cfg.LwipDir, cfg.Version, cfg.VersionFrom = root, prog.Version, "tree"
	} else {
		v := p.LwipVersion
		cfg.VersionFrom = "flag"
		if v == "" {
			v = BuiltinVersions()[len(BuiltinVersions())-1]
			cfg.VersionFrom = "newest"
		}
		prog, err = l.builtin(v)
		if err != nil {
			return nil, &UsageError{Err: err}
		}
		cfg.Version = prog.Version
		root = filepath.Join(builtinDir, "lwip-"+prog.Version)
		if cfg.VersionFrom == "newest" {
			cfg.Notes = append(cfg.Notes, Note{Text: fmt.Sprintf("no lwIP tree found: using the built-in defaults of lwIP %s (the newest; choose with --lwip-version or --lwip)", prog.Version)})
		}
	}
	r := &run{cfg: cfg, prog: prog, root: root, rendered: prog.render(), files: map[string]*fileInfo{}}
	r.gen = p.gen
	if err := r.preprocess(l, path, p, nil); err != nil {
		return nil, err
	}
	r.finish()
	cfg.src = &loadSource{loader: l, path: path, params: p, prog: prog, root: root}
	return cfg, nil
}

// loadSource is what a Config remembers of its loading, to preprocess
// other files with the same configuration.
type loadSource struct {
	loader *Loader
	path   string
	params Params
	prog   *program
	root   string
}

// Preprocess runs the C preprocessor over file (a C source of the lwIP
// tree, typically src/core/init.c) with this configuration's include
// path, -D/-U/--include and lwipopts.h, reading lwIP's headers in full
// from the tree, and returns the #error directives it reaches, in order.
// It needs a real lwIP tree: with the built-in defaults it returns an error.
// C code is not parsed, only the directives are evaluated.
func (c *Config) Preprocess(file string) ([]Note, error) {
	if c.src == nil {
		return nil, errors.New("configuration was not loaded by lwipopts.Load")
	}
	if c.LwipDir == "" {
		return nil, errors.New("preprocessing needs a real lwIP tree (the built-in defaults have no .c files)")
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(abs); err != nil {
		return nil, &LoadError{Path: file, Err: err}
	} else if !fi.Mode().IsRegular() {
		return nil, &LoadError{Path: file, Err: errors.New("not a regular file")}
	}
	s := c.src
	scratch := &Config{File: c.File, Version: c.Version, LwipDir: c.LwipDir, opts: map[string]*Option{}}
	r := &run{cfg: scratch, prog: s.prog, root: s.root, full: true, files: map[string]*fileInfo{}}
	if err := r.preprocess(s.loader, s.path, s.params, []string{abs}); err != nil {
		return nil, err
	}
	return scratch.Errors, nil
}

func sameVersion(a, b string) bool {
	return strings.TrimSuffix(a, "-dev") == strings.TrimSuffix(b, "-dev") || strings.HasPrefix(b, a+"-")
}

// LoadError is an input that could not be loaded or preprocessed.
type LoadError struct {
	Path string
	Err  error
}

func (e *LoadError) Error() string {
	var se *SourceError
	if errors.As(e.Err, &se) {
		return se.Error()
	}
	return e.Path + ": " + e.Err.Error()
}

func (e *LoadError) Unwrap() error { return e.Err }

// UsageError is a problem with the parameters rather than the input.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// fileInfo is what the run knows about one source file it served.
type fileInfo struct {
	path     string
	dirs     []directive
	includer *fileInfo
	incLine  int // line of the #include in includer
	kind     OriginKind
	cursor   int // index into includer.dirs after the last matched include
}

// run is the preprocessing of one configuration.
type run struct {
	cfg      *Config
	prog     *program
	root     string // include root of the tree (real or built-in)
	rendered map[string][]byte
	cfgPath  string     // the configuration file as cc/v4 names it
	gen      *generated // the configuration is a generated header (ESP-IDF)
	// full serves the tree's headers whole (their directives) instead of
	// the reduced program: for preprocessing lwIP's .c files.
	full bool

	mu      sync.Mutex
	files   map[string]*fileInfo
	stack   []*fileInfo
	missing []Note
	once    map[string]bool
	nfiles  int
	ast     *cc.AST
	userDef map[string][]userDef // user #define/#undef lines
	reached []reachedDef         // user #define/#undef lines the preprocessor reached, in order
	fatal   error                // the first input error found while serving files
}

func (r *run) fail(err error) {
	if r.fatal == nil {
		r.fatal = err
	}
}

// includedAt is the position of the #include of name in top, or name
// itself for a top-level file.
func (r *run) includedAt(top *fileInfo, name string) Position {
	if top != nil {
		if p := r.matchInclude(top, name); p.Line > 0 {
			return r.display(p)
		}
	}
	return r.display(Position{File: name})
}

func (r *run) treeRel(name string) (string, bool) {
	rel, err := filepath.Rel(r.root, name)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	return rel, true
}

// Open implements fs.FS for cc/v4: every file is served filtered, lwIP's
// own headers from the reduced program, unknown ones as empty stubs.
func (r *run) Open(name string) (fs.File, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var data []byte
	var top *fileInfo
	if len(r.stack) > 0 {
		top = r.stack[len(r.stack)-1]
	}
	info := &fileInfo{path: name, includer: top}
	switch {
	case strings.HasPrefix(name, stubDir+"/"):
		hdr := strings.TrimPrefix(name, stubDir+"/")
		pos := Position{}
		if top != nil {
			pos = r.matchInclude(top, hdr)
		}
		r.missing = append(r.missing, Note{Pos: pos, Text: hdr})
		info.kind = OriginInclude
	case strings.HasPrefix(name, cfgDir+"/"):
		if filepath.Base(name) != "lwipopts.h" {
			return nil, fs.ErrNotExist
		}
		data = []byte("#include \"" + filepath.Base(r.cfg.File) + "\"\n")
		info.kind = OriginLwipopts
	default:
		if rel, ok := r.treeRel(name); ok && inTree(rel) && !r.full {
			b, ok := r.rendered[rel]
			if !ok {
				return nil, fs.ErrNotExist
			}
			data = b
			info.dirs = r.prog.dirs[rel]
			info.kind = OriginDefault
			break
		}
		if strings.HasPrefix(name, builtinDir+"/") {
			return nil, fs.ErrNotExist
		}
		fi, err := os.Stat(name)
		if err != nil {
			return nil, err
		}
		if !fi.Mode().IsRegular() {
			return nil, fs.ErrNotExist
		}
		// From here on a failure is an error of the input, not a miss in
		// the search path: remember it and serve an empty file.
		var sc *scanned
		if fi.Size() > maxFileSize {
			err = &SourceError{Pos: r.includedAt(top, name), Msg: fmt.Sprintf("%s is %d bytes, more than the limit of %d", name, fi.Size(), maxFileSize)}
		} else {
			var b []byte
			if b, err = os.ReadFile(name); err == nil {
				sc, err = scanSource(name, b)
			}
		}
		if err != nil {
			r.fail(err)
			break
		}
		data = sc.Filtered
		info.dirs = sc.Dirs
		info.kind = OriginInclude
		if rel, ok := r.treeRel(name); ok && inTree(rel) {
			info.kind = OriginDefault
		} else {
			data = markDefines(sc)
		}
	}
	if len(r.stack) >= maxIncludeDepth {
		var chain []string
		for _, f := range r.stack[len(r.stack)-4:] {
			chain = append(chain, filepath.Base(f.path))
		}
		r.fail(&SourceError{Pos: r.includedAt(top, name), Msg: fmt.Sprintf("#include nested more than %d levels deep (an include cycle? … %s → %s)", maxIncludeDepth, strings.Join(chain, " → "), filepath.Base(name))})
		data = nil
	}
	r.nfiles++
	if r.nfiles > maxIncludedFiles {
		r.fail(&SourceError{Pos: r.includedAt(top, name), Msg: fmt.Sprintf("more than %d files included", maxIncludedFiles)})
		data = nil
	}
	if top != nil && !strings.HasPrefix(name, stubDir+"/") {
		info.incLine = r.matchInclude(top, name).Line
	}
	if _, ok := r.files[name]; !ok {
		r.files[name] = info
	}
	r.stack = append(r.stack, info)
	if len(data) > 0 && data[len(data)-1] != '\n' {
		data = append(data, '\n')
	}
	data = append(data[:len(data):len(data)], "#pragma "+eofPragma+"\n"...)
	return fstest.MapFS{"f": &fstest.MapFile{Data: data, ModTime: time.Time{}}}.Open("f")
}

// matchInclude finds the #include line of includer that opened name: the
// next include directive, from where the last match left off, whose
// literal name ends name (or a computed include).
func (r *run) matchInclude(includer *fileInfo, name string) Position {
	name = filepath.ToSlash(name)
	for i := includer.cursor; i < len(includer.dirs); i++ {
		d := includer.dirs[i]
		if d.Name != "include" && d.Name != "include_next" {
			continue
		}
		arg := strings.TrimSpace(d.Rest)
		lit := ""
		if len(arg) > 1 && (arg[0] == '"' && strings.Count(arg, `"`) >= 2 || arg[0] == '<') {
			end := strings.IndexAny(arg[1:], `">`)
			if end >= 0 {
				lit = arg[1 : 1+end]
			}
		}
		if lit == "" || name == lit || strings.HasSuffix(name, "/"+lit) {
			includer.cursor = i + 1
			return Position{File: includer.path, Line: d.Line, Col: d.Col}
		}
	}
	return Position{File: includer.path}
}

func (r *run) pragma(toks []cc.Token) error {
	if len(toks) == 0 {
		return nil
	}
	fn := toks[0].Position().Filename
	switch toks[0].SrcStr() {
	case eofPragma:
		r.pop(fn)
	case defPragma:
		if len(toks) > 1 {
			if i, err := strconv.Atoi(toks[1].SrcStr()); err == nil {
				r.mu.Lock()
				r.reached = append(r.reached, reachedDef{file: fn, dir: i})
				r.mu.Unlock()
			}
		}
	case "once":
		r.mu.Lock()
		seen := r.once[fn]
		if r.once == nil {
			r.once = map[string]bool{}
		}
		r.once[fn] = true
		r.mu.Unlock()
		if seen {
			r.pop(fn)
			return cc.SkipSource
		}
	}
	return nil
}

// reachedDef is a #define or #undef of a user file that the preprocessor
// reached: dir indexes the file's directives.
type reachedDef struct {
	file string
	dir  int
}

// markDefines returns the filtered source with a marker pragma after each
// #define and #undef, which cc/v4 calls back only when the directive is
// reached (not in a skipped #if branch), followed by a #line that restores
// the original line numbers.
func markDefines(sc *scanned) []byte {
	ends := map[int][]int{} // last physical line → directive indexes
	for i, d := range sc.Dirs {
		if d.Name != "define" && d.Name != "undef" {
			continue
		}
		end := d.Line + bytes.Count(sc.Src[d.First:d.End], []byte{'\n'}) - 1
		if d.End <= d.First || sc.Src[d.End-1] != '\n' {
			end++
		}
		ends[end] = append(ends[end], i)
	}
	if len(ends) == 0 {
		return sc.Filtered
	}
	out := make([]byte, 0, len(sc.Filtered)+len(ends)*40)
	rest := sc.Filtered
	for line := 1; len(rest) > 0; line++ {
		l := rest
		if n := bytes.IndexByte(rest, '\n'); n >= 0 {
			l, rest = rest[:n+1], rest[n+1:]
		} else {
			l, rest = append(rest[:len(rest):len(rest)], '\n'), nil
		}
		out = append(out, l...)
		for _, i := range ends[line] {
			out = fmt.Appendf(out, "#pragma %s %d\n", defPragma, i)
		}
		if len(ends[line]) > 0 {
			out = fmt.Appendf(out, "#line %d\n", line+1)
		}
	}
	return out
}

func (r *run) pop(fn string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if n := len(r.stack); n > 0 && r.stack[n-1].path == fn {
		r.stack = r.stack[:n-1]
	}
}

// preprocess runs cc/v4 over the files units (absolute paths), or over
// the program's root headers when units is nil.
func (r *run) preprocess(l *Loader, path string, p Params, units []string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return &LoadError{Path: path, Err: err}
	}
	dir := filepath.Dir(abs)
	r.cfgPath = abs
	quote := []string{"@"}
	if filepath.Base(abs) != "lwipopts.h" {
		quote = append(quote, filepath.Join(cfgDir, dir))
	}
	// Real builds put the configuration's directory on the -I path (opt.h
	// must find lwipopts.h), so it serves angle includes too.
	quote = append(quote, dir)
	sys := []string{dir}
	if strings.HasPrefix(r.root, builtinDir) {
		// The built-in tables stand for the lwIP tree: no -I directory may
		// shadow them.
		quote = append(quote, r.root)
		sys = append(sys, r.root)
	}
	for _, d := range p.IncludeDirs {
		a, err := filepath.Abs(d)
		if err != nil {
			return &UsageError{Err: err}
		}
		quote = append(quote, a)
		sys = append(sys, a)
	}
	quote = append(quote, r.root, stubDir)
	sys = append(sys, r.root, stubDir)

	var pre, builtin strings.Builder
	undef := map[string]bool{}
	for _, u := range p.Undefines {
		undef[u] = true
	}
	predef := append(append([]string(nil), DefaultPredefined...), p.predef...)
	for i, d := range append(predef, p.Defines...) {
		w := &pre
		if i < len(predef) {
			w = &builtin
		}
		name, val, ok := strings.Cut(d, "=")
		if !ok {
			val = "1"
		}
		if name == "" || !isIdentStart(name[0]) {
			return &UsageError{Err: fmt.Errorf("-D %s: not a macro name", d)}
		}
		pname := name
		if i := strings.IndexByte(name, '('); i >= 0 {
			pname = name[:i]
		}
		if undef[pname] {
			continue
		}
		fmt.Fprintf(w, "#define %s %s\n", name, val)
	}
	var tu strings.Builder
	if units == nil {
		for _, rt := range r.prog.Roots {
			fmt.Fprintf(&tu, "#include \"%s\"\n", rt)
		}
	}
	tu.WriteString("int __predefined_declarator;\n")
	sources := []cc.Source{{Name: "<built-in>", Value: builtin.String()}, {Name: "<command-line>", Value: pre.String()}}
	for _, inc := range p.Includes {
		a, err := filepath.Abs(inc)
		if err != nil {
			return &UsageError{Err: err}
		}
		if _, err := os.Stat(a); err != nil {
			return &LoadError{Path: inc, Err: err}
		}
		sources = append(sources, cc.Source{Name: a})
	}
	for _, u := range units {
		sources = append(sources, cc.Source{Name: u})
	}
	sources = append(sources, cc.Source{Name: "<lwiplint>", Value: tu.String()})
	abi, err := cc.NewABI("linux", "arm")
	if err != nil {
		return err
	}
	ccfg := &cc.Config{
		ABI:             abi,
		FS:              r,
		FSOnly:          true,
		IncludePaths:    quote,
		SysIncludePaths: sys,
		PragmaHandler:   r.pragma,
		ExpansionLimit:  expansionLimit,
		SourceCache:     l.sourceCache(),
	}
	if err := staticCycle(abs, quote); err != nil {
		return &LoadError{Path: path, Err: err}
	}
	ast, err := r.parse(ccfg, sources)
	if r.fatal != nil {
		var se *SourceError
		if errors.As(r.fatal, &se) {
			return &LoadError{Path: se.Pos.File, Err: se}
		}
		return &LoadError{Path: path, Err: r.fatal}
	}
	if err := r.classifyErrors(err); err != nil {
		return err
	}
	if ast == nil {
		return &LoadError{Path: path, Err: errors.New("preprocessing failed")}
	}
	r.ast = ast
	return nil
}

// classifyErrors sorts cc/v4's flat error list into #error lines reached
// (kept in the configuration) and real errors (returned).
func (r *run) classifyErrors(err error) error {
	if err == nil {
		return nil
	}
	var se *SourceError
	if errors.As(err, &se) {
		return &LoadError{Path: se.Pos.File, Err: se}
	}
	var bad []string
	for _, line := range strings.Split(err.Error(), "\n") {
		if line == "" {
			continue
		}
		pos, msg := splitPos(line)
		if pos.IsValid() {
			if fi := r.files[pos.File]; fi != nil || pos.File == r.cfgPath {
				if isErrorDirective(r, pos) {
					r.cfg.Errors = append(r.cfg.Errors, Note{Pos: r.display(pos), Text: msg})
					continue
				}
			} else if rel, ok := r.treeRel(pos.File); ok && inTree(rel) {
				r.cfg.Errors = append(r.cfg.Errors, Note{Pos: r.display(pos), Text: msg})
				continue
			}
		}
		bad = append(bad, line)
	}
	if len(bad) == 0 {
		return nil
	}
	pos, msg := splitPos(bad[0])
	if strings.Contains(msg, "unexpected EOF") || strings.Contains(msg, "missing #endif") || strings.Contains(msg, "unterminated") {
		msg = "unterminated conditional directive (#if without #endif)"
	}
	if pos.IsValid() {
		return &LoadError{Path: pos.File, Err: &SourceError{Pos: r.display(pos), Msg: msg}}
	}
	return &LoadError{Path: r.cfg.File, Err: errors.New(strings.Join(bad, "\n"))}
}

func isErrorDirective(r *run, pos Position) bool {
	fi := r.files[pos.File]
	if fi == nil {
		return false
	}
	for _, d := range fi.dirs {
		if d.Line == pos.Line && (d.Name == "error") {
			return true
		}
	}
	return false
}

// splitPos splits "file:line:col: msg".
func splitPos(s string) (Position, string) {
	parts := strings.SplitN(s, ":", 4)
	if len(parts) == 4 {
		var line, col int
		if _, err := fmt.Sscanf(parts[1], "%d", &line); err == nil {
			fmt.Sscanf(parts[2], "%d", &col)
			return Position{File: parts[0], Line: line, Col: col}, strings.TrimSpace(parts[3])
		}
	}
	return Position{}, s
}

// display turns an internal path into the one shown to users.
func (r *run) display(p Position) Position {
	if r.gen != nil && p.File == r.gen.hdr {
		return r.gen.pos(p.Line)
	}
	if rel, ok := r.treeRel(p.File); ok && inTree(rel) {
		// Reduced lines are normalised, so only the line is lwIP's.
		p.Col = 0
	}
	if strings.HasPrefix(p.File, builtinDir+"/") {
		rel, _ := filepath.Rel(r.root, p.File)
		label := r.prog.Label
		if label == "" {
			label = "lwIP " + r.prog.Version
		}
		p.File = "<" + label + ">/" + filepath.ToSlash(rel)
		return p
	}
	if p.File == r.cfgPath {
		p.File = r.cfg.File
		return p
	}
	if rel, err := filepath.Rel(filepath.Dir(r.cfgPath), p.File); err == nil && !strings.HasPrefix(rel, "..") {
		p.File = filepath.Join(filepath.Dir(r.cfg.File), rel)
	} else if wd, err := os.Getwd(); err == nil && filepath.IsAbs(p.File) && !filepath.IsAbs(r.cfg.File) {
		if rel, err := filepath.Rel(wd, p.File); err == nil && !strings.HasPrefix(rel, "..") {
			p.File = rel
		}
	}
	return p
}

func (l *Loader) sourceCache() *cc.SourceCache {
	if os.Getenv("LWIPLINT_NOCACHE") != "" {
		return nil
	}
	return &l.cache
}

// parse runs cc/v4, turning a panic in it into an error. cc/v4 recurses
// without limit on an include cycle that no guard stops (it reuses the
// file it already read without asking the FS again), so a panic is first
// checked against the include graph of the files read.
func (r *run) parse(ccfg *cc.Config, sources []cc.Source) (ast *cc.AST, err error) {
	defer func() {
		if e := recover(); e != nil {
			if os.Getenv("LWIPLINT_DEBUG") != "" {
				os.Stderr.Write(debug.Stack())
			}
			r.mu.Lock()
			defer r.mu.Unlock()
			r.stack = nil
			if cyc := r.includeCycle(); cyc != nil {
				r.fail(cyc)
				return
			}
			r.fail(fmt.Errorf("internal error while preprocessing (please report it): %v", e))
		}
	}()
	return cc.Parse(ccfg, sources)
}

// includeCycle looks for a cycle of literal #include directives among the
// files read.
func (r *run) includeCycle() error {
	resolve := func(from *fileInfo, lit string) *fileInfo {
		for p, fi := range r.files {
			if fi.kind == OriginDefault {
				continue
			}
			if filepath.Clean(p) == filepath.Join(filepath.Dir(from.path), lit) || strings.HasSuffix(filepath.ToSlash(p), "/"+lit) {
				return fi
			}
		}
		return nil
	}
	state := map[*fileInfo]int{}
	var path []Position
	var visit func(fi *fileInfo) error
	visit = func(fi *fileInfo) error {
		state[fi] = 1
		for _, d := range fi.dirs {
			if d.Name != "include" && d.Name != "include_next" {
				continue
			}
			arg := strings.TrimSpace(d.Rest)
			if len(arg) < 2 || arg[0] != '"' && arg[0] != '<' {
				continue
			}
			end := strings.IndexAny(arg[1:], `">`)
			if end < 0 {
				continue
			}
			to := resolve(fi, arg[1:1+end])
			if to == nil {
				continue
			}
			at := r.display(Position{File: fi.path, Line: d.Line, Col: d.Col})
			if state[to] == 1 {
				var names []string
				for _, p := range path {
					names = append(names, filepath.Base(p.File))
				}
				names = append(names, filepath.Base(fi.path), filepath.Base(to.path))
				return &SourceError{Pos: at, Msg: "include cycle without an include guard that ends it: " + strings.Join(names, " → ")}
			}
			if state[to] == 0 {
				path = append(path, at)
				if err := visit(to); err != nil {
					return err
				}
				path = path[:len(path)-1]
			}
		}
		state[fi] = 2
		return nil
	}
	var order []*fileInfo
	if fi := r.files[r.cfgPath]; fi != nil {
		order = append(order, fi)
	}
	for _, fi := range r.files {
		order = append(order, fi)
	}
	for _, fi := range order {
		if fi.kind != OriginDefault && state[fi] == 0 {
			if err := visit(fi); err != nil {
				return err
			}
		}
	}
	return nil
}

// staticCycle finds, before preprocessing, an include cycle that nothing
// can stop: every #include on it is unconditional and no file on it has an
// include guard or #pragma once. cc/v4 would recurse on it for a long time
// before failing.
func staticCycle(start string, dirs []string) error {
	type node struct {
		dirs    []directive
		guarded bool
	}
	nodes := map[string]*node{}
	load := func(p string) *node {
		if n, ok := nodes[p]; ok {
			return n
		}
		nodes[p] = nil
		fi, err := os.Stat(p)
		if err != nil || !fi.Mode().IsRegular() || fi.Size() > maxFileSize {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		sc, err := scanSource(p, b)
		if err != nil {
			return nil
		}
		n := &node{dirs: sc.Dirs}
		for i, d := range sc.Dirs {
			if d.Name == "pragma" && strings.TrimSpace(d.Rest) == "once" {
				n.guarded = true
			}
			if i == 0 && (d.Name == "ifndef" || d.Name == "if") {
				n.guarded = true // conservative: any leading conditional may guard
			}
		}
		nodes[p] = n
		return n
	}
	resolve := func(from, lit string) string {
		for _, d := range dirs {
			if d == "@" {
				d = filepath.Dir(from)
			}
			if strings.HasPrefix(d, "/__lwiplint__") {
				continue
			}
			c := filepath.Join(d, lit)
			if fi, err := os.Stat(c); err == nil && fi.Mode().IsRegular() {
				return c
			}
		}
		return ""
	}
	onStack := map[string]int{}
	var stack []Position
	var visit func(p string) error
	visit = func(p string) error {
		n := load(p)
		if n == nil || n.guarded {
			return nil
		}
		onStack[p] = len(stack) + 1
		defer delete(onStack, p)
		depth := 0
		for _, d := range n.dirs {
			switch d.Name {
			case "if", "ifdef", "ifndef":
				depth++
			case "endif":
				depth--
			case "include":
				if depth != 0 {
					continue
				}
				arg := strings.TrimSpace(d.Rest)
				if len(arg) < 2 || arg[0] != '"' {
					continue
				}
				end := strings.IndexByte(arg[1:], '"')
				if end < 0 {
					continue
				}
				to := resolve(p, arg[1:1+end])
				if to == "" {
					continue
				}
				at := Position{File: p, Line: d.Line, Col: d.Col}
				if _, ok := onStack[to]; ok {
					var names []string
					for _, s := range stack {
						names = append(names, filepath.Base(s.File))
					}
					names = append(names, filepath.Base(p), filepath.Base(to))
					return &SourceError{Pos: at, Msg: "include cycle without an include guard that ends it: " + strings.Join(names, " → ")}
				}
				if len(stack) > 64 {
					return nil
				}
				stack = append(stack, at)
				err := visit(to)
				stack = stack[:len(stack)-1]
				if err != nil {
					return err
				}
			}
		}
		return nil
	}
	return visit(start)
}
