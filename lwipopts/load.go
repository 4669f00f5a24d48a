package lwipopts

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/lwiplint/lwiplint/internal/fileio"
	"github.com/lwiplint/lwiplint/lwipopts/espidf"
	"modernc.org/cc/v4"
)

// Limits that keep hostile input from eating the machine. Each one that an
// input exceeds makes Load return a [LoadError] naming the file, the line
// and the limit.
const (
	maxFileSize      = 8 << 20 // bytes per source file
	maxIncludedFiles = 2000    // files read for one configuration
	maxDirectives    = 1 << 19 // directives in the files of one configuration: the headers of lwIP 2.2.1 have 8,371
	maxIncludeDepth  = 200     // nested #include levels, as in gcc
	// maxMacroSize bounds the tokens a macro or an #if line may expand to
	// and maxNesting the nesting of the expression it gives, both estimated
	// when the file is read (see [shape]).
	maxMacroSize = 1 << 16
	maxNesting   = 1000
	// expansionLimit is the macro expansion work one evaluation of the #if
	// evaluator (expand.go) may do, ccExpansionLimit cc/v4's
	// Config.ExpansionLimit for a whole translation unit: tokens processed
	// and hide set entries copied. The largest real configurations in the
	// tests need less than 2^18 (ESP-IDF's); either limit stops a macro
	// bomb the estimate misses in well under a second.
	expansionLimit   = 1 << 20
	ccExpansionLimit = 1 << 22
	// defaultTimeout is the time budget of one load (Loader.Timeout).
	defaultTimeout = 10 * time.Second
)

// Internal path prefixes; they never clash with real paths because they
// start with a NUL-free but unusual name under the root.
const (
	virtualRoot = "/__lwiplint__/"
	stubDir     = "/__lwiplint__/missing"
	builtinDir  = "/__lwiplint__/builtin"
	cfgDir      = "/__lwiplint__/config"
	// Markers in the text served to cc/v4, see serveText.
	bofPragma  = "__lwiplint_bof"
	eofPragma  = "__lwiplint_eof"
	defPragma  = "__lwiplint_def"
	warnPragma = "__lwiplint_warning"
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
// the reduced lwIP trees, the scans of lwIP's files, the answers of
// os.Stat for paths inside an lwIP tree and cc/v4's source cache. It takes
// the lwIP trees it reads as unchanging: after changing one, use a new
// Loader. The user's files are read again for every load. It is safe for
// concurrent use.
type Loader struct {
	// Timeout is the time budget of one Load or Config.Preprocess: zero
	// means the environment variable LWIPLINT_TIMEOUT (a Go duration such as
	// "2s") when set, else 10 seconds. Set it before the first Load.
	Timeout time.Duration
	// MaxHeap, when not zero, stops a load whose run sees the process's
	// live Go heap grow by more than MaxHeap bytes, with an error at the
	// place it had reached (the last guard of bounded memory, after the
	// limits on files, directives and expansion). The heap is the
	// process's, so only a program that owns its process should set it:
	// the command line sets [DefaultMaxHeap]. Set it before the first Load.
	MaxHeap int64
	// TreeCache, when not nil, keeps the reduced lwIP trees on disk for
	// later processes. Set it before the first Load.
	TreeCache *TreeCache

	mu    sync.Mutex
	trees map[string]*treeEntry
	cache cc.SourceCache
	// noInterp makes every load preprocess lwIP's headers with cc/v4
	// (interp.go), as LWIPLINT_INTERP=0 does.
	noInterp bool
	// sources holds lwIP's files read whole for Config.Preprocess, scanned
	// and tokenized once (interp.go).
	sources sync.Map // real path → *lwipSource
	// fallbacks counts the runs the interpreter left to cc/v4, segments
	// the cc/v4 runs of the interpreter (tests).
	fallbacks, segments atomic.Int64
	// treeHits counts the trees read from TreeCache (tests).
	treeHits atomic.Int64
	// stats holds os.Stat of paths in lwIP trees (see run.classify).
	stats sync.Map
	// projects holds the walks of projects for lwIP trees, by root
	// (findlwip.go); only1 and only2 the option names of one lwIP major
	// version only.
	projects     sync.Map
	namesOnce    sync.Once
	only1, only2 map[string]bool
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

// readTree returns the reduction of the lwIP tree at the absolute path
// abs: from the TreeCache when it holds it for the tree as it is, else
// reduced from the headers (then stored there). The headers the reduction
// scanned are kept whole in program.whole.
func (l *Loader) readTree(abs string) (*program, error) {
	if l.TreeCache != nil {
		if p, ok := l.TreeCache.load(abs); ok {
			l.treeHits.Add(1)
			return p, nil
		}
	}
	started := time.Now()
	fsys := newRecordFS(abs)
	v, err := treeVersion(fsys)
	if err != nil {
		return nil, err
	}
	whole := map[string]*lwipSource{}
	prog, err := reduceTreeScan(fsys, v, func(rel string, b []byte) (*scanned, error) {
		sc, err := scanSource(rel, b)
		if err == nil {
			whole[rel] = &lwipSource{dirs: sc.Dirs, src: sc.Src}
		}
		return sc, err
	})
	if err != nil {
		return nil, err
	}
	prog.whole = whole
	prog.inputs, prog.inputsOK = fsys.states()
	if l.TreeCache != nil {
		l.TreeCache.store(abs, prog, started)
	}
	return prog, nil
}

// Load resolves the configuration in the file path.
//
// An input that exceeds a limit (the size of a file, the include depth,
// the number of files, macro expansion, the time budget) gives a
// [*LoadError] that names the file, the line and the limit. cc/v4 cannot be
// cancelled, so the time budget ([Loader.Timeout]) is kept in two ways:
// the load runs in a goroutine of its own, and Load returns when the budget
// is spent; and the hooks cc/v4 calls back (opening a file, entering and
// leaving one, each #define) check the deadline, so that an abandoned load
// stops at its next file boundary instead of running on. Between two hooks
// the expansion limits bound the work.
func (l *Loader) Load(path string, p Params) (*Config, error) {
	return withBudget(l, path, func(b *budget) (*Config, error) { return l.load(path, p, b) })
}

func (l *Loader) load(path string, p Params, b *budget) (cfg *Config, err error) {
	defer func() {
		if r := recover(); r != nil {
			if os.Getenv("LWIPLINT_DEBUG") != "" {
				os.Stderr.Write(debug.Stack())
			}
			cfg, err = nil, &LoadError{Path: path, Err: fmt.Errorf("internal error while preprocessing (please report it): %v", r)}
		}
	}()
	in := newInputs()
	fi, err := in.stat(path)
	if err != nil {
		return nil, &LoadError{Path: path, Err: err}
	}
	if fi.IsDir() {
		return nil, &LoadError{Path: path, Err: errors.New("is a directory, not a configuration file")}
	}
	if !fi.Mode().IsRegular() {
		return nil, &LoadError{Path: path, Err: errors.New("not a regular file")}
	}
	nFlagDirs := len(p.IncludeDirs)
	if p.CompileCommands != "" {
		if err := applyCompileCommands(&p, path, in); err != nil {
			return nil, &UsageError{Err: err}
		}
	}
	cfg = &Config{File: path, opts: map[string]*Option{}, inputs: in}

	// The lwIP tree, or a built-in table (findlwip.go).
	found, err := l.findLwip(path, p, nFlagDirs, in)
	if err != nil {
		return nil, err
	}
	p.IncludeDirs = append(p.IncludeDirs, lwip1IncludeDirs(found, p.IncludeDirs, in)...)
	var prog *program
	root := found.Tree
	if root != "" {
		abs, _ := filepath.Abs(root)
		prog, err = l.tree("dir:"+abs, func() (*program, error) {
			p, err := l.readTree(abs)
			if err == nil {
				// Config.Preprocess reads the same headers whole
				// (interp.go).
				for rel, s := range p.whole {
					l.sources.LoadOrStore(filepath.Join(abs, filepath.FromSlash(rel)), s)
				}
			}
			return p, err
		})
		if err != nil {
			return nil, &LoadError{Path: root, Err: fmt.Errorf("lwIP tree: %w", err)}
		}
		cfg.LwipDir = root
		if in.addAll(prog.inputs...); !prog.inputsOK {
			in.incomplete()
		}
	} else {
		prog, err = l.builtin(found.Version)
		if err != nil {
			return nil, &UsageError{Err: err}
		}
		root = filepath.Join(builtinDir, "lwip-"+prog.Version)
	}
	cfg.Version, cfg.VersionFrom, cfg.VersionAssumed = prog.Version, found.From, found.Assumed
	cfg.lwipFound = found
	cfg.Notes = append(cfg.Notes, versionNotes(found, prog.Version)...)
	prog.analyze()
	r := &run{cfg: cfg, prog: prog, root: root, budget: b, files: map[string]*fileInfo{}, loader: l, inputs: in}
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
	if fi, err := c.inputs.stat(abs); err != nil {
		return nil, &LoadError{Path: file, Err: err}
	} else if !fi.Mode().IsRegular() {
		return nil, &LoadError{Path: file, Err: errors.New("not a regular file")}
	}
	s := c.src
	var bud atomic.Pointer[budget]
	notes, err := withBudget(s.loader, file, func(b *budget) ([]Note, error) {
		bud.Store(b)
		scratch := &Config{File: c.File, Version: c.Version, LwipDir: c.LwipDir, opts: map[string]*Option{}}
		r := &run{cfg: scratch, prog: s.prog, root: s.root, full: true, budget: b, files: map[string]*fileInfo{}, loader: s.loader, inputs: c.inputs}
		if err := r.preprocess(s.loader, s.path, s.params, []string{abs}); err != nil {
			return nil, err
		}
		return scratch.Errors, nil
	})
	if b := bud.Load(); err != nil && (b == nil || b.expired()) {
		// Out of time: a result built on this depends on the machine's
		// speed and load, not only on the inputs, so it is not one to
		// reuse. An error of the input is, like any other result.
		c.inputs.incomplete()
	}
	return notes, err
}

// budget is the time and memory budget of one load.
type budget struct {
	limit    time.Duration
	deadline time.Time
	stop     atomic.Bool // the budget is spent
	// heap is set when the process's heap grew past maxHeap while the
	// load ran (heapWatch): the budget is spent then too.
	heap    atomic.Bool
	maxHeap int64
	mu      sync.Mutex
	r       *run // the preprocessing under way, for the position of a timeout
}

// withBudget runs f in a goroutine of its own and returns its result, or a
// timeout error when the loader's time budget is spent first; f keeps
// running then, until it next checks the budget.
func withBudget[T any](l *Loader, path string, f func(*budget) (T, error)) (T, error) {
	limit := l.Timeout
	if limit <= 0 {
		limit = defaultTimeout
		if d, err := time.ParseDuration(os.Getenv("LWIPLINT_TIMEOUT")); err == nil && d > 0 {
			limit = d
		}
	}
	b := &budget{limit: limit, deadline: time.Now().Add(limit)}
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if e := recover(); e != nil {
				done <- result{err: &LoadError{Path: path, Err: fmt.Errorf("internal error while preprocessing (please report it): %v", e)}}
			}
		}()
		v, err := f(b)
		done <- result{v, err}
	}()
	t := time.NewTimer(limit)
	defer t.Stop()
	over := heapWatch(l.MaxHeap)
	defer over.stop()
	b.maxHeap = l.MaxHeap
	select {
	case res := <-done:
		return res.v, res.err
	case <-t.C:
		b.stop.Store(true)
		var zero T
		return zero, b.timeoutError(path)
	case <-over.c:
		b.heap.Store(true)
		b.stop.Store(true)
		var zero T
		return zero, b.timeoutError(path)
	}
}

// expired reports whether the budget is spent.
func (b *budget) expired() bool {
	if b == nil {
		return false
	}
	if b.stop.Load() {
		return true
	}
	if time.Now().After(b.deadline) {
		b.stop.Store(true)
		return true
	}
	return false
}

func (b *budget) setRun(r *run) {
	if b != nil {
		b.mu.Lock()
		b.r = r
		b.mu.Unlock()
	}
}

// timeoutError is the error of a load that ran out of time, at the last
// place the preprocessor was seen at, or at the start of the file path
// when preprocessing had not begun.
func (b *budget) timeoutError(path string) error {
	b.mu.Lock()
	r := b.r
	b.mu.Unlock()
	if r != nil && r.mu.TryLock() {
		defer r.mu.Unlock()
		if r.cfgPath != "" {
			se := r.timeout()
			return &LoadError{Path: se.Pos.File, Err: se}
		}
	}
	pos := Position{File: path, Line: 1}
	msg := fmt.Sprintf("loading did not finish within the time limit of %v", b.limit)
	if b.heap.Load() {
		msg = fmt.Sprintf("loading needed more than the memory limit of %d MiB", b.maxHeap>>20)
	}
	return &LoadError{Path: path, Err: &SourceError{Pos: pos, Msg: msg}}
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
	if pe, ok := e.Err.(*fs.PathError); ok && pe.Path == e.Path {
		return e.Path + ": " + pe.Err.Error() // not "x.h: stat x.h: …"
	}
	var fe *fileio.Error
	if errors.As(e.Err, &fe) && fe.Path == e.Path {
		return strings.TrimPrefix(fe.Error(), "read ") // not "x.h: read x.h: …"
	}
	var be *espidf.BinaryError
	if errors.As(e.Err, &be) {
		return be.Error()
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
	chains   map[int][]int // the chains the evaluator decides (ifhook.go), once asked
	// src is the text of a file of the user's read from disk, as scanned
	// (a BOM removed, line endings normalised), for Config.Source.
	src []byte
}

// frame is one file being read: an entry on the include stack. A file
// included again (or in a cycle) has one frame per entry.
type frame struct {
	info   *fileInfo
	cursor int // index into info.dirs after the last #include matched
}

// run is the preprocessing of one configuration.
type run struct {
	cfg     *Config
	prog    *program
	root    string     // include root of the tree (real or built-in)
	cfgPath string     // the configuration file as cc/v4 names it
	gen     *generated // the configuration is a generated header (ESP-IDF)
	// full serves the tree's headers whole (their directives) instead of
	// the reduced program: for preprocessing lwIP's .c files.
	full   bool
	budget *budget

	mu      sync.Mutex
	files   map[string]*fileInfo
	stack   []*frame
	missing []Note
	once    map[string]bool
	nfiles  int
	ndirs   int               // directives in the files registered (maxDirectives)
	alias   map[string]string // cc/v4's name → the file an absolute #include named
	shapes  shapes            // macro shapes of the files read, see screen
	last    Position          // the last place the hooks saw, for a timeout
	lastOwn Position          // the last of them in a file not lwIP's (see at)
	ast     *cc.AST
	userDef map[string][]userDef // user #define/#undef lines
	reached []reachedDef         // user #define/#undef lines the preprocessor reached, in order
	fatal   error                // the first input error found while serving files
	mirror  map[string]*macro    // the final macro table of the interpreter (interp.go), else ast's
	// cmacros mirrors cc/v4's macros during a cc/v4 run, branch is the
	// branch of the chain decided last and condErrs the #if errors of the
	// input found deciding them (ifhook.go).
	cmacros   map[string]*macro
	branch    int
	condErrs  []string
	hookNotes []seqNote
	errMarks  map[string][]int
	seq       int
	errBase   int                   // len(cfg.Errors) when the cc/v4 run started
	mstack    map[string][]*macro   // #pragma push_macro of the mirror
	hookWork  int                   // tokens the evaluator processed deciding chains
	stats     map[string]statResult // os.Stat of the names classify was asked about
	shownMu   sync.Mutex
	shown     map[string]shownFile // see display
	wd        string               // see getwd
	wdErr     error
	wdDone    bool
	loader    *Loader
	inputs    *inputs // what the result depends on, see Config.Inputs
}

type statResult struct {
	fi  fs.FileInfo
	err error
}

// reset forgets what a run that falls back to cc/v4 did (interp.go):
// notes and errors past the first nNotes and nErrors.
func (r *run) reset(nNotes, nErrors int) {
	r.files = map[string]*fileInfo{}
	r.stack, r.missing, r.once, r.nfiles, r.ndirs, r.alias = nil, nil, nil, 0, 0, nil
	r.shapes = shapes{}
	r.last, r.lastOwn = Position{}, Position{}
	r.reached, r.fatal, r.mirror, r.stats = nil, nil, nil, nil
	r.cfg.Notes, r.cfg.Errors = r.cfg.Notes[:nNotes], r.cfg.Errors[:nErrors]
}

// fatalError is r.fatal as Load returns it. r.mu is held.
func (r *run) fatalError() error {
	var se *SourceError
	if errors.As(r.fatal, &se) {
		return &LoadError{Path: se.Pos.File, Err: se}
	}
	return &LoadError{Path: r.cfg.File, Err: r.fatal}
}

// fail records the first input error. Once there is one, the run serves
// nothing more and skips every file it enters, so cc/v4 ends quickly.
func (r *run) fail(err error) {
	if r.fatal == nil {
		r.fatal = err
	}
}

// stopped reports whether the run has failed or run out of time (and
// records the timeout then). r.mu is held.
func (r *run) stopped() bool {
	if r.fatal == nil && r.budget.expired() {
		r.fail(r.timeout())
	}
	return r.fatal != nil
}

// at records pos as the place the preprocessor has got to. r.mu is held.
func (r *run) at(pos Position) {
	r.last = pos
	if !r.isLwipFile(pos.File) {
		r.lastOwn = pos
	}
}

// isLwipFile reports whether the file cc/v4 calls fn is one of lwIP's own
// (built-in or in the tree), a stand-in for a missing header or for the
// configuration.
func (r *run) isLwipFile(fn string) bool {
	for _, dir := range []string{builtinDir, stubDir, cfgDir} {
		if strings.HasPrefix(fn, dir+"/") {
			return true
		}
	}
	rel, ok := r.treeRel(fn)
	return ok && inTree(rel)
}

// timeout is the error of a run out of time: at the last place reached in
// a file not lwIP's (the configuration, a header it includes), saying
// where in lwIP's headers preprocessing was when that is elsewhere, or at
// the start of the configuration. r.mu is held.
func (r *run) timeout() *SourceError {
	msg := fmt.Sprintf("preprocessing did not finish within the time limit of %v", r.budget.limit)
	if r.budget.heap.Load() {
		msg = fmt.Sprintf("preprocessing needed more than the memory limit of %d MiB", r.budget.maxHeap>>20)
	}
	pos := Position{File: r.cfgPath, Line: 1}
	if r.lastOwn.IsValid() {
		pos = r.lastOwn
	}
	switch {
	case r.last.IsValid() && r.last == r.lastOwn:
		msg += " (it had got this far)"
	case r.last.IsValid():
		msg += fmt.Sprintf(" (it had got to %s)", r.display(r.last))
	}
	return &SourceError{Pos: r.display(pos), Msg: msg}
}

func (r *run) top() *frame {
	if n := len(r.stack); n > 0 {
		return r.stack[n-1]
	}
	return nil
}

// includedAt is the position of the #include of name in the file being
// read, or name itself for a top-level file.
func (r *run) includedAt(top *frame, name string) Position {
	if top != nil && name != r.cfgPath {
		if p := r.matchInclude(top, name, false); p.Line > 0 {
			return r.display(p)
		}
	}
	return r.display(Position{File: name})
}

func (r *run) treeRel(name string) (string, bool) {
	if len(name) > len(r.root)+1 && name[len(r.root)] == filepath.Separator && strings.HasPrefix(name, r.root) && r.root != "" {
		// The common case, without filepath.Rel: names are clean
		// (filepath.Join), so what follows the root is the relative path.
		if rel := name[len(r.root)+1:]; !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel), true
		}
	}
	rel, err := filepath.Rel(r.root, name)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	return rel, true
}

// Open implements fs.FS for cc/v4: every file is served filtered
// (serveText), lwIP's own headers from the reduced program, unknown ones as
// empty stubs. A file is read on its first Read, not here: cc/v4 opens a
// file without reading it for __has_include.
func (r *run) Open(name string) (fs.File, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	top := r.top()
	if r.stopped() {
		return &served{name: name, data: []byte{}}, nil
	}
	if f, err, ok := r.branchOpen(name); ok {
		return f, err
	}
	k, rel, real, err := r.classify(name, top)
	switch k {
	case fileMissing:
		return nil, err
	case fileStub:
		return &served{name: name, read: func() []byte { return r.readStub(name, top) }, missing: func() bool { return r.stubMissing(name) }}, nil
	case fileConfig:
		return &served{name: name, read: func() []byte {
			sc, _ := scanSource(name, []byte("#include \""+filepath.Base(r.cfg.File)+"\"\n"))
			return r.register(name, top, sc, OriginLwipopts)
		}}, nil
	case fileTree:
		return &served{name: name, read: func() []byte { return r.readTree(name, rel, top) }}, nil
	}
	if real != name {
		// cc/v4 joins an absolute #include "/x/y.h" to each directory of
		// the search path; gcc reads /x/y.h.
		if r.alias == nil {
			r.alias = map[string]string{}
		}
		r.alias[name] = real
	}
	// From here on the file is there, and a failure to read it is an
	// error of the input (as in gcc), not a miss in the search path.
	return &served{name: name, read: func() []byte { return r.readFile(name, real, top, err) }}, nil
}

// fileKind is what a name in the search path stands for, see classify.
type fileKind uint8

const (
	fileMissing fileKind = iota // not there: try the next directory
	fileStub                    // a header found nowhere, served empty
	fileConfig                  // the stand-in for a configuration not named lwipopts.h
	fileTree                    // a header of the reduced lwIP program
	fileDisk                    // a file on disk (a failure to stat it other than its absence is kept)
)

// classify tells what the name cc/v4 asks for (a directory of the search
// path joined to an #include argument) stands for, with top the file being
// read: for fileTree its path in the program, for fileDisk the path to
// read (an absolute #include names it) and the error of os.Stat, for
// fileMissing the error to return. r.mu is held.
func (r *run) classify(name string, top *frame) (k fileKind, rel, real string, err error) {
	switch {
	case strings.HasPrefix(name, stubDir+"/"):
		if real, ok := r.computedAbsolute(top, name); ok {
			st := r.stat(real)
			return fileDisk, "", real, st.err
		}
		return fileStub, "", "", nil
	case strings.HasPrefix(name, cfgDir+"/"):
		if filepath.Base(name) != "lwipopts.h" {
			return fileMissing, "", "", fs.ErrNotExist
		}
		return fileConfig, "", "", nil
	}
	real = name
	if abs, ok := r.absoluteInclude(top, name); ok {
		real = abs
	} else if strings.HasPrefix(name, virtualRoot) && !strings.HasPrefix(name, builtinDir+"/") && !strings.HasPrefix(name, cfgDir+"/") {
		// An #include "../include/assert.h" joined to the stub directory
		// climbs out of it: the header is missing all the same.
		return fileStub, "", "", nil
	} else if rel, ok := r.treeRel(name); ok && inTree(rel) && !r.full {
		if _, ok := r.prog.dirs[rel]; ok {
			return fileTree, rel, name, nil
		}
		// One of lwIP's headers outside the reduced program (an
		// #include "lwip/init.h" or "lwip/sockets.h" in lwipopts.h or a
		// port header): read whole from the tree on disk, as gcc reads
		// it, below; a built-in table has none (readStubAs says so).
	}
	if strings.HasPrefix(real, builtinDir+"/") {
		return fileMissing, "", "", fs.ErrNotExist
	}
	st := r.stat(real)
	fi, err := st.fi, st.err
	switch {
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
		return fileMissing, "", "", err // not in this directory of the search path
	case err == nil && fi.IsDir():
		return fileMissing, "", "", fs.ErrNotExist // a directory is not a header: gcc looks on
	}
	// A FIFO, a device or a socket is found, and its read (fileio) refuses
	// it: an error at the #include, as gcc's read of it would never end.
	return fileDisk, "", real, err
}

// stat is os.Stat of path, asked once per run: each directory of the
// search path is tried for every #include. The answers for paths inside
// the lwIP tree, which the Loader takes as unchanging like the reduced
// tree it keeps, are kept for all the runs of the Loader. r.mu is held.
func (r *run) stat(path string) statResult {
	if st, ok := r.stats[path]; ok {
		return st
	}
	var st statResult
	if v, ok := r.loader.stats.Load(path); ok {
		st = v.(statResult)
	} else {
		st.fi, st.err = os.Stat(path)
		if _, inTree := r.treeRel(path); inTree {
			r.loader.stats.Store(path, st)
		}
	}
	r.inputs.add(path, st.fi, st.err)
	if r.stats == nil {
		r.stats = map[string]statResult{}
	}
	r.stats[path] = st
	return st
}

// absoluteInclude reports whether name is the candidate cc/v4 made for an
// absolute #include being processed in top, and returns the path it names.
func (r *run) absoluteInclude(top *frame, name string) (string, bool) {
	if top == nil {
		return "", false
	}
	d, lit, ok := pendingInclude(top, name)
	if !ok || !filepath.IsAbs(lit) || d.Name == "" {
		return "", false
	}
	return filepath.Clean(lit), true
}

// readStub serves an empty file for a header not found in the search path.
func (r *run) readStub(name string, top *frame) []byte { return r.readStubAs(name, "", top) }

// readStubAs is readStub for the #include argument lit, when the caller
// knows it ("" when not).
func (r *run) readStubAs(name, lit string, top *frame) []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	hdr := strings.TrimPrefix(name, stubDir+"/")
	switch {
	case lit != "":
		hdr = lit
	case !strings.HasPrefix(name, stubDir+"/"):
		// "../include/assert.h" joined to the stub directory (classify).
		hdr = "../" + strings.TrimPrefix(name, virtualRoot)
	}
	pos := Position{}
	if top != nil {
		pos = r.matchInclude(top, name, false)
		if _, lit, ok := pendingInclude(top, name); ok && (filepath.IsAbs(lit) || !strings.HasPrefix(name, stubDir+"/")) {
			hdr = lit
		}
	}
	if sc := freestandingHeader(name, hdr); sc != nil {
		return r.register(name, top, sc, OriginInclude)
	}
	r.missing = append(r.missing, Note{Pos: pos, Text: hdr})
	return r.register(name, top, &scanned{}, OriginInclude)
}

// readTree serves a header of the reduced lwIP tree.
func (r *run) readTree(name, rel string, top *frame) []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.register(name, top, &scanned{Dirs: r.prog.dirs[rel]}, OriginDefault, r.prog.servedText(rel))
}

// readFile serves a file from disk: real is its path, name what cc/v4 calls
// it, statErr the error of os.Stat. The file is read, scanned and screened
// for exponential macros (shapes.screen) without holding r.mu, so that a
// timeout can tell where the run had got to (budget.timeoutError); only
// cc/v4's goroutine calls it and uses r.shapes.
func (r *run) readFile(name, real string, top *frame, statErr error) []byte {
	r.mu.Lock()
	stopped := r.stopped()
	if !stopped {
		r.at(Position{File: name, Line: 1})
	}
	r.mu.Unlock()
	if stopped {
		return nil
	}
	err := statErr
	var src []byte
	if err == nil {
		src, err = readLimited(real, maxFileSize)
	}
	var sc *scanned
	if err == nil {
		if sc, err = scanSource(name, src); err == nil {
			err = r.shapes.screen(name, sc.Dirs)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var se *SourceError
	switch {
	case errors.Is(err, errTooBig):
		r.fail(&SourceError{Pos: r.display(Position{File: name, Line: lineAt(src, maxFileSize)}),
			Msg: fmt.Sprintf("the file is larger than the limit of %d bytes (%d MiB) per file", maxFileSize, maxFileSize>>20)})
		return nil
	case errors.As(err, &se):
		se.Pos = r.display(se.Pos)
		r.fail(err)
		return nil
	case err != nil:
		var pe *fs.PathError
		var fe *fileio.Error
		if errors.As(err, &fe) {
			err = errors.New(strings.TrimPrefix(strings.TrimPrefix(fe.Error(), "read "+fe.Path), ": "))
		} else if errors.As(err, &pe) {
			err = pe.Err
		}
		msg := err.Error()
		if name != r.cfgPath {
			msg = fmt.Sprintf("cannot read %s: %v", r.display(Position{File: name}).File, err)
		}
		r.fail(&SourceError{Pos: r.includedAt(top, name), Msg: msg})
		return nil
	}
	kind := r.diskKind(name)
	text := r.register(name, top, sc, kind)
	if fi := r.files[name]; fi != nil && kind != OriginDefault && fi.src == nil {
		fi.src = sc.Src
	}
	return text
}

// diskKind is the origin of a file read from disk: lwIP's own for one of
// the tree's headers, else an included file (a .c file of lwIP, such as
// init.c for Config.Preprocess, counts as one).
func (r *run) diskKind(name string) OriginKind {
	if rel, ok := r.treeRel(name); ok && inTree(rel) {
		return OriginDefault
	}
	return OriginInclude
}

var errTooBig = errors.New("file too large")

// readLimited reads the file at path, at most limit bytes: more is
// errTooBig, with the first limit+1 bytes.
func readLimited(path string, limit int64) ([]byte, error) {
	b, _, err := readState(path, limit)
	return b, err
}

// readState is readLimited that also returns the file's state, taken
// before the read: a change during the read then shows as a state that
// differs from the one recorded, never as new text under an old state.
//
// A file of fileio's overlay (an editor's buffer given on standard input)
// gives the overlay's text and no state.
func readState(path string, limit int64) ([]byte, FileState, error) {
	if b, ok := fileio.Overlaid(path); ok {
		if int64(len(b)) > limit {
			return b[:limit+1], FileState{}, errTooBig
		}
		return b, FileState{}, nil
	}
	f, fi, err := fileio.Open(path) // regular files only: never a FIFO, a device or /proc
	if err != nil {
		return nil, FileState{}, err
	}
	defer f.Close()
	var state FileState
	if s, ok := fileState(path, fi, nil); ok {
		state = s
	}
	b, err := fileio.ReadAll(f, fi.Size(), limit)
	if err != nil {
		return nil, FileState{}, err
	}
	if int64(len(b)) > limit {
		return b, FileState{}, errTooBig
	}
	return b, state, nil
}

// register records a file read and returns its text as cc/v4 reads it
// (text, or sc served), or nil when the run has failed.
func (r *run) register(name string, top *frame, sc *scanned, kind OriginKind, text ...[]byte) []byte {
	r.nfiles++
	if r.nfiles > maxIncludedFiles {
		r.fail(&SourceError{Pos: r.includedAt(top, name), Msg: fmt.Sprintf("more than %d files included, the limit", maxIncludedFiles)})
	}
	if sc != nil {
		if r.ndirs += len(sc.Dirs); r.ndirs > maxDirectives {
			r.fail(&SourceError{Pos: r.includedAt(top, name), Msg: fmt.Sprintf("more than %d directives in the files of one configuration, the limit", maxDirectives)})
		}
	}
	if r.stopped() {
		return nil
	}
	if _, ok := r.files[name]; !ok {
		var includer *fileInfo
		if top != nil {
			includer = top.info
		}
		r.files[name] = &fileInfo{path: name, dirs: sc.Dirs, includer: includer, kind: kind}
	}
	if len(text) > 0 {
		return text[0]
	}
	return serveText(sc, kind != OriginDefault)
}

// served is a file served to cc/v4: data, or what read returns on the
// first Read.
type served struct {
	name string
	read func() []byte
	data []byte
	off  int
	// missing, when set, answers Stat: a stand-in for a header found
	// nowhere is not there for __has_include (see hasinclude.go).
	missing func() bool
}

func (f *served) Stat() (fs.FileInfo, error) {
	if f.missing != nil && f.missing() {
		return nil, &fs.PathError{Op: "stat", Path: f.name, Err: fs.ErrNotExist}
	}
	return servedInfo{f.name}, nil
}
func (f *served) Close() error { return nil }

func (f *served) Read(p []byte) (int, error) {
	if f.data == nil {
		if f.read != nil {
			f.data = f.read()
		}
		if f.data == nil {
			f.data = []byte{}
		}
	}
	if f.off >= len(f.data) {
		return 0, io.EOF
	}
	n := copy(p, f.data[f.off:])
	f.off += n
	return n, nil
}

type servedInfo struct{ name string }

func (i servedInfo) Name() string       { return filepath.Base(i.name) }
func (i servedInfo) Size() int64        { return 0 }
func (i servedInfo) Mode() fs.FileMode  { return 0o444 }
func (i servedInfo) ModTime() time.Time { return time.Time{} }
func (i servedInfo) IsDir() bool        { return false }
func (i servedInfo) Sys() any           { return nil }

// pendingInclude finds the #include line of f that opens name: the next
// include directive, from where the last match left off, whose literal
// name ends name, is name made absolute, or is computed (no literal).
func pendingInclude(f *frame, name string) (directive, string, bool) {
	name = filepath.ToSlash(name)
	for i := f.cursor; i < len(f.info.dirs); i++ {
		d := f.info.dirs[i]
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
		if lit == "" || name == lit || strings.HasSuffix(name, "/"+lit) ||
			filepath.IsAbs(lit) && strings.HasSuffix(name, filepath.ToSlash(filepath.Clean(lit))) {
			return d, lit, true
		}
	}
	return directive{}, "", false
}

// matchInclude is the position of the #include line of f that opened name
// (see pendingInclude); advance moves past it.
func (r *run) matchInclude(f *frame, name string, advance bool) Position {
	d, _, ok := pendingInclude(f, name)
	if !ok {
		return Position{File: f.info.path}
	}
	if advance {
		for i := f.cursor; i < len(f.info.dirs); i++ {
			if f.info.dirs[i].First == d.First && f.info.dirs[i].Line == d.Line {
				f.cursor = i + 1
				break
			}
		}
	}
	return Position{File: f.info.path, Line: d.Line, Col: d.Col}
}

// pragma is cc/v4's PragmaHandler: it follows the markers of serveText.
func (r *run) pragma(toks []cc.Token) error {
	if len(toks) == 0 {
		return nil
	}
	p := toks[0].Position()
	fn := p.Filename
	r.mu.Lock()
	defer r.mu.Unlock()
	switch toks[0].SrcStr() {
	case bofPragma:
		return r.enter(fn)
	case eofPragma:
		r.leave(fn)
	case badIncludePragma:
		if fi := r.files[fn]; fi != nil && len(toks) > 1 {
			if i, err := strconv.Atoi(toks[1].SrcStr()); err == nil && i < len(fi.dirs) {
				r.badInclude(fn, fi.dirs[i])
			}
		}
	case warnPragma:
		if fi := r.files[fn]; fi != nil && len(toks) > 1 {
			if i, err := strconv.Atoi(toks[1].SrcStr()); err == nil && i < len(fi.dirs) {
				d := fi.dirs[i]
				r.cfg.Notes = append(r.cfg.Notes, Note{Pos: r.display(Position{File: fn, Line: d.Line, Col: d.Col}), Text: strings.TrimSpace("#warning " + d.Rest)})
			}
		}
	case defPragma:
		r.at(Position{File: fn, Line: p.Line - 1})
		if r.stopped() {
			return cc.SkipSource
		}
		if len(toks) > 1 {
			if i, err := strconv.Atoi(toks[1].SrcStr()); err == nil {
				r.reached = append(r.reached, reachedDef{file: fn, dir: i})
				r.mirrorAt(fn, i)
			}
		}
	case mdefPragma:
		if len(toks) > 1 {
			if i, err := strconv.Atoi(toks[1].SrcStr()); err == nil {
				r.mirrorAt(fn, i)
			}
		}
	case errPragma:
		if len(toks) > 1 {
			if i, err := strconv.Atoi(toks[1].SrcStr()); err == nil {
				r.errorMark(fn, i)
			}
		}
	case ifPragma:
		if r.stopped() {
			return cc.SkipSource
		}
		if len(toks) > 1 {
			if i, err := strconv.Atoi(toks[1].SrcStr()); err == nil {
				r.decideChain(fn, i)
			}
		}
	case "once":
		seen := r.once[fn]
		if r.once == nil {
			r.once = map[string]bool{}
		}
		r.once[fn] = true
		if seen {
			r.leave(fn)
			return cc.SkipSource
		}
	}
	return nil
}

// enter pushes a frame for the file fn that cc/v4 starts to read, or skips
// it when the include depth is exceeded, the run has failed or the time is
// up.
func (r *run) enter(fn string) error {
	if r.stopped() {
		return cc.SkipSource
	}
	top := r.top()
	info := r.files[fn]
	if info == nil {
		info = &fileInfo{path: fn}
		r.files[fn] = info
	}
	at := Position{File: fn}
	if top != nil {
		at = r.matchInclude(top, fn, true)
		if info.incLine == 0 && info.includer == top.info && !strings.HasPrefix(fn, stubDir+"/") {
			info.incLine = at.Line
		}
	}
	if strings.HasPrefix(fn, cfgDir+"/") && r.reading(r.cfgPath) {
		// The configuration (not named lwipopts.h) includes "lwipopts.h"
		// and there is none: the stand-in for the configuration that
		// lwIP's opt.h reads would include it again, without end.
		r.missing = append(r.missing, Note{Pos: at, Text: "lwipopts.h"})
		return cc.SkipSource
	}
	if len(r.stack) >= maxIncludeDepth {
		var chain []string
		for _, f := range r.stack[len(r.stack)-4:] {
			chain = append(chain, filepath.Base(f.info.path))
		}
		r.fail(&SourceError{Pos: r.display(at), Msg: fmt.Sprintf("#include nested more than %d levels deep, the limit (an include cycle? … %s → %s)", maxIncludeDepth, strings.Join(chain, " → "), filepath.Base(fn))})
		return cc.SkipSource
	}
	r.stack = append(r.stack, &frame{info: info})
	r.at(Position{File: fn, Line: 1})
	return nil
}

// reading reports whether the file fn is on the include stack.
func (r *run) reading(fn string) bool {
	for _, f := range r.stack {
		if f.info.path == fn {
			return true
		}
	}
	return false
}

// leave pops the frame of fn, which cc/v4 has finished.
func (r *run) leave(fn string) {
	if n := len(r.stack); n > 0 && r.stack[n-1].info.path == fn {
		r.stack = r.stack[:n-1]
		if n > 1 {
			if f := r.stack[n-2]; f.cursor > 0 {
				r.at(Position{File: f.info.path, Line: f.info.dirs[f.cursor-1].Line})
			}
		}
	}
}

// reachedDef is a #define or #undef of a user file that the preprocessor
// reached: dir indexes the file's directives.
type reachedDef struct {
	file string
	dir  int
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
	quote, sys = dedupDirs(quote), dedupDirs(sys)

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
		name, val := defineLine(d)
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
			// In #if 1 as in serveText, for after an expansion limit.
			fmt.Fprintf(&tu, "#if 1\n#include \"%s\"\n#endif\n", rt)
		}
	}
	tu.WriteString("int __predefined_declarator;\n")
	sources := []cc.Source{{Name: "<built-in>", Value: builtin.String()}, {Name: "<command-line>", Value: pre.String()}}
	for _, inc := range p.Includes {
		a, err := filepath.Abs(inc)
		if err != nil {
			return &UsageError{Err: err}
		}
		if fi, err := r.inputs.stat(a); err != nil {
			return &LoadError{Path: inc, Err: err}
		} else if !fi.Mode().IsRegular() {
			return &LoadError{Path: inc, Err: errors.New("not a regular file")}
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
		ExpansionLimit:  ccExpansionLimit,
		SourceCache:     l.sourceCache(),
	}
	if err := staticCycle(abs, quote, r.inputs); err != nil {
		var se *SourceError
		if errors.As(err, &se) {
			se.Pos = r.display(se.Pos)
		}
		return &LoadError{Path: path, Err: err}
	}
	r.budget.setRun(r)
	if !interpOff && !l.noInterp {
		nNotes, nErrors := len(r.cfg.Notes), len(r.cfg.Errors)
		base := sources[:len(sources)-1-len(units)]
		err := r.interpret(l, ccfg, base, units)
		if err != errFallback {
			r.cfg.interpreted = err == nil
			return err
		}
		l.fallbacks.Add(1)
		r.mu.Lock()
		r.reset(nNotes, nErrors)
		r.mu.Unlock()
	}
	ast, err := r.parse(ccfg, sources)
	r.mu.Lock()
	defer r.mu.Unlock()
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
	e := r.classifyCC(err)
	r.mergeHookNotes()
	return e
}

// classifyCC is classifyErrors for the errors of cc/v4 alone.
func (r *run) classifyCC(err error) error {
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
		if pos.IsValid() && msg == "division by zero" {
			// cc/v4 (v4.34.0, cpp.go multiplicativeExpression) keeps the
			// left operand and goes on, as gcc 12 does (cpplib's
			// num_div_op): an error of the build, not of the input.
			// At its line: cc/v4 gives the column of the operator, the
			// interpreter that of the #if (interp.divisions).
			at := r.display(pos)
			at.Col = 0
			r.cfg.Errors = append(r.cfg.Errors, Note{Pos: at, Text: divZeroText, Diagnostic: true, Lwip: r.lwipOwned(pos.File)})
			continue
		}
		if r.full && pos.IsValid() && r.isConditional(pos) && r.lwipOwned(pos.File) {
			// An #if of lwIP's .c file or headers that this configuration
			// makes unevaluable (a cast in an option): gcc 12 reports it
			// and skips the group (cpplib's _cpp_parse_expr gives 0), and
			// so does cc/v4, so init.c's later #errors are still reached.
			r.cfg.Errors = append(r.cfg.Errors, Note{Pos: r.display(pos), Text: "invalid #if expression: " + msg, Diagnostic: true, Lwip: true})
			continue
		}
		if pos.IsValid() {
			if fi := r.files[pos.File]; fi != nil || pos.File == r.cfgPath {
				if isErrorDirective(r, pos) {
					r.cfg.Errors = append(r.cfg.Errors, Note{Pos: r.display(pos), Text: msg, Lwip: r.lwipOwned(pos.File)})
					continue
				}
			} else if rel, ok := r.treeRel(pos.File); ok && inTree(rel) {
				r.cfg.Errors = append(r.cfg.Errors, Note{Pos: r.display(pos), Text: msg, Lwip: r.lwipOwned(pos.File)})
				continue
			}
		}
		bad = append(bad, line)
	}
	if len(bad) == 0 {
		return nil
	}
	// The first error with a position: cc/v4 reports some at the end of
	// a directive line with none ("-: expected ')'"), then more.
	first := bad[0]
	for _, b := range bad {
		if p, _ := splitPos(b); p.IsValid() {
			first = b
			break
		}
	}
	pos, msg := splitPos(first)
	switch {
	case strings.Contains(msg, "unexpected EOF") || strings.Contains(msg, "missing #endif") || strings.Contains(msg, "unterminated") || msg == "expected #endif":
		// cc/v4 reports it at the end of the file, where serveText's
		// last marker is: gcc at the #if left open.
		msg = "unterminated conditional directive (#if without #endif)"
		if open, ok := r.unclosedConditional(pos.File); ok {
			pos = open
		}
	case strings.Contains(msg, "macro expansion limit exceeded"):
		msg = fmt.Sprintf("macro expansion exceeds the limit of %d tokens processed (an exponential macro?)", ccExpansionLimit)
	case msg == "invalid argument" && r.isInclude(pos):
		msg = `#include expects "FILENAME" or <FILENAME>`
	case msg == "internal error" && r.isConditional(pos):
		// cc/v4 (v4.34.0, cpp.go primaryExpression) says this of a token
		// that cannot start an operand, typically where a macro defined
		// empty was expanded (#define NO_SYS, then lwIP's #if NO_SYS).
		msg = "invalid #if expression: expected an operand (a number, a macro or '(')"
	case msg == "internal error":
		// cc/v4 says this of a line it cannot read at all, such as
		// "#if\xd00" (a directive name run into other bytes), where gcc
		// reports an invalid preprocessing directive.
		msg = "invalid preprocessing directive or expression"
	case msg == "unabalanced parenthesis" && r.isConditional(pos):
		// At the '(' that serveText adds: the expression goes on after
		// its end.
		msg = "invalid #if expression: unbalanced parentheses or a missing operator"
	case strings.HasPrefix(msg, "strconv.Parse") && r.isConditional(pos):
		_, lit, _ := strings.Cut(msg, "parsing ")
		lit, reason, _ := strings.Cut(lit, ": ")
		what := "is not an integer constant"
		if strings.Contains(reason, "out of range") {
			what = "does not fit in 64 bits"
		}
		msg = fmt.Sprintf("invalid #if expression: %s %s", lit, what)
	case r.isConditional(pos):
		msg = "invalid #if expression: " + msg
	}
	if r.isConditional(pos) {
		// In lwIP's headers, the error is the user's macro they test.
		if se, ok := r.culprit(pos, msg); ok {
			return &LoadError{Path: se.Pos.File, Err: se}
		}
	}
	if pos.IsValid() {
		if r.isLwipFile(pos.File) {
			// Which configuration: lwIP's headers are the same for all.
			msg += fmt.Sprintf(" (in lwIP's headers, configured by %s)", r.cfg.File)
		}
		return &LoadError{Path: pos.File, Err: &SourceError{Pos: r.display(pos), Msg: msg}}
	}
	return &LoadError{Path: r.cfg.File, Err: errors.New(strings.Join(bad, "\n"))}
}

// directiveAt returns the directive that holds pos: the text served to
// cc/v4 holds nothing else.
func (r *run) directiveAt(pos Position) (directive, bool) {
	fi := r.files[pos.File]
	if fi == nil {
		return directive{}, false
	}
	i := sort.Search(len(fi.dirs), func(i int) bool { return fi.dirs[i].Line > pos.Line }) - 1
	if i < 0 {
		return directive{}, false
	}
	return fi.dirs[i], true
}

// unclosedConditional returns the position of the innermost #if, #ifdef
// or #ifndef of file that no #endif closes.
func (r *run) unclosedConditional(file string) (Position, bool) {
	fi := r.files[file]
	if fi == nil {
		return Position{}, false
	}
	var open []directive
	for _, d := range fi.dirs {
		switch d.Name {
		case "if", "ifdef", "ifndef":
			open = append(open, d)
		case "endif":
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		}
	}
	if len(open) == 0 {
		return Position{}, false
	}
	d := open[len(open)-1]
	return Position{File: file, Line: d.Line, Col: d.Col}, true
}

// isConditional reports whether pos is in an #if or #elif directive.
func (r *run) isConditional(pos Position) bool {
	d, ok := r.directiveAt(pos)
	return ok && (d.Name == "if" || d.Name == "elif")
}

// culprit finds, for an #if or #elif at pos in one of lwIP's headers that
// cc/v4 cannot evaluate, the macro it uses that a file not lwIP's (the
// configuration, a header it includes) defines with a body that is no
// #if expression (empty, "; 0", or through other such macros), and
// returns the error at that #define.
func (r *run) culprit(pos Position, msg string) (*SourceError, bool) {
	if !r.isLwipFile(pos.File) {
		return nil, false
	}
	d, ok := r.directiveAt(pos)
	if !ok {
		return nil, false
	}
	ts, err := tokenize(d.Rest)
	if err != nil {
		return nil, false
	}
	// invokes reports whether body calls a function-like macro, which
	// the user's macros alone cannot evaluate.
	invokes := func(body []token) bool {
		for i := 0; i+1 < len(body); i++ {
			if body[i].Kind == tIdent && body[i].Text != "defined" && body[i+1].Text == "(" {
				return true
			}
		}
		return false
	}
	// The last #define reached of each macro, when it is object-like and
	// calls no function-like macro.
	type definition struct {
		at   Position
		body []token
	}
	last := map[string]*definition{}
	env := &macroEnv{macros: map[string]*macro{}, limit: expansionLimit}
	addKernelMacros(r.prog, env) // pdTRUE is a cast: blame the user's ipconfigUSE_DHCP pdTRUE
	for _, rd := range r.reached {
		fi := r.files[rd.file]
		if fi == nil || rd.dir >= len(fi.dirs) {
			continue
		}
		def := fi.dirs[rd.dir]
		dts, err := tokenize(def.Rest)
		if err != nil || len(dts) == 0 || dts[0].Kind != tIdent {
			continue
		}
		name, body := dts[0].Text, dts[1:]
		delete(last, name)
		delete(env.macros, name)
		if def.Name == "undef" || len(body) > 0 && body[0].Text == "(" && !body[0].Space || invokes(body) {
			continue
		}
		last[name] = &definition{at: Position{File: fi.path, Line: def.Line, Col: def.Col}, body: body}
		env.macros[name] = &macro{Name: name, Body: body}
	}
	for _, t := range ts {
		def := last[t.Text]
		if t.Kind != tIdent || def == nil {
			continue
		}
		// A valid expression, as far as the user's macros go: lwIP's
		// macros, which it may use, count as 0 here, so a division by
		// zero is no proof.
		if _, err := env.eval([]token{t}); err == nil || strings.Contains(err.Error(), "division by zero") {
			continue
		}
		at := r.display(pos)
		if len(def.body) == 0 {
			return &SourceError{Pos: r.display(def.at), Msg: fmt.Sprintf("%s is defined empty, but the #if at %s needs a number", t.Text, at)}, true
		}
		return &SourceError{Pos: r.display(def.at), Msg: fmt.Sprintf("%s is defined as %q, which the #if at %s cannot evaluate: %s", t.Text, joinTokens(def.body), at, msg)}, true
	}
	return nil, false
}

// isInclude reports whether pos is on an #include line.
func (r *run) isInclude(pos Position) bool {
	if fi := r.files[pos.File]; fi != nil {
		for _, d := range fi.dirs {
			if d.Line == pos.Line && (d.Name == "include" || d.Name == "include_next") {
				return true
			}
		}
	}
	return false
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
	if real, ok := r.alias[p.File]; ok {
		p.File = real
	}
	// The rest depends on the file only, and each file of a run is shown
	// many times (every directive of lwIP's headers with a position).
	r.shownMu.Lock()
	d, ok := r.shown[p.File]
	r.shownMu.Unlock()
	if !ok {
		d = r.displayFile(p.File)
		if r.cfgPath != "" {
			r.shownMu.Lock()
			if r.shown == nil {
				r.shown = map[string]shownFile{}
			}
			r.shown[p.File] = d
			r.shownMu.Unlock()
		}
	}
	p.File = d.file
	if d.noCol {
		p.Col = 0
	}
	return p
}

// shownFile is how display shows a file.
type shownFile struct {
	file  string
	noCol bool // lwIP's reduced lines are normalised: only the line is lwIP's
}

func (r *run) displayFile(f string) shownFile {
	var d shownFile
	if strings.HasPrefix(f, cfgDir+"/") {
		// The stand-in for a configuration not named lwipopts.h.
		f = strings.TrimPrefix(f, cfgDir)
	}
	if rel, ok := r.treeRel(f); ok && inTree(rel) {
		d.noCol = true
	}
	if hdr, ok := strings.CutPrefix(f, stubDir+"/"); ok && freestandingText()[hdr] != nil {
		// Shown without a column, as lwIP's reduced headers are: the
		// interpreter knows a directive's '#', cc/v4 the macro's name.
		d.file, d.noCol = freestandingLabel+hdr, true
		return d
	}
	if strings.HasPrefix(f, builtinDir+"/") {
		rel, _ := filepath.Rel(r.root, f)
		label := r.prog.Label
		if label == "" {
			label = "lwIP " + r.prog.Version
		}
		d.file = "<" + label + ">/" + filepath.ToSlash(rel)
		return d
	}
	if f == r.cfgPath {
		d.file = r.cfg.File
		return d
	}
	d.file = f
	if rel, err := filepath.Rel(filepath.Dir(r.cfgPath), f); err == nil && !strings.HasPrefix(rel, "..") {
		d.file = filepath.Join(filepath.Dir(r.cfg.File), rel)
	} else if wd, err := r.getwd(); err == nil && filepath.IsAbs(f) && !filepath.IsAbs(r.cfg.File) {
		if rel, err := filepath.Rel(wd, f); err == nil && !strings.HasPrefix(rel, "..") {
			d.file = rel
		}
	}
	return d
}

// getwd is os.Getwd, asked once per run.
func (r *run) getwd() (string, error) {
	if !r.wdDone {
		r.wd, r.wdErr = os.Getwd()
		r.wdDone = true
	}
	return r.wd, r.wdErr
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
			pos := Position{File: r.cfgPath, Line: 1}
			if r.lastOwn.IsValid() {
				pos = r.lastOwn
			}
			r.fail(&SourceError{Pos: r.display(pos), Msg: fmt.Sprintf("internal error while preprocessing, at this line or after it (please report it): %v", e)})
		}
	}()
	r.mu.Lock()
	r.mirrorSources(sources)
	r.condErrs, r.hookNotes, r.errMarks, r.errBase, r.hookWork = nil, nil, nil, len(r.cfg.Errors), 0
	r.mu.Unlock()
	ast, err = cc.Parse(ccfg, sources)
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.condErrs) > 0 {
		// The #if errors of the input that the evaluator found deciding
		// a chain (ifhook.go), for classifyErrors, before cc/v4's.
		msg := strings.Join(r.condErrs, "\n")
		if err != nil {
			msg += "\n" + err.Error()
		}
		err = errors.New(msg)
	}
	return ast, err
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
func staticCycle(start string, dirs []string, in *inputs) error {
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
		fi, err := in.stat(p)
		if err != nil || !fi.Mode().IsRegular() || fi.Size() > maxFileSize {
			return nil
		}
		b, err := fileio.ReadFile(p, maxFileSize)
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
			if fi, err := in.stat(c); err == nil && fi.Mode().IsRegular() {
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
