package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lwiplint/lwiplint/internal/bincode"
	"github.com/lwiplint/lwiplint/internal/diskcache"
	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/config"
	"github.com/lwiplint/lwiplint/lwipopts"
	flag "github.com/spf13/pflag"
)

// The result cache keeps, for each configuration `lwiplint check` lints,
// the findings and the state (lwipopts.FileState: size, modification and
// change times, inode) of every path the result was computed from: the
// configuration, each file it includes, the lwIP tree's headers and
// directories, and each candidate of the include path and of the search
// for an lwIP tree that was missing. A later run with the same key (this
// binary, working directory, input, flags, .lwiplint.toml settings and
// rules) stats those paths again and reuses the findings when every state
// is the same. Editing a file changes its change time, which no program
// can set back; creating a header where the include path or the tree
// search looked before turns a missing path into a file.
//
// A result is not stored when one of its files changed within the last
// racyWindow before the run (a second change within the timestamp
// granularity of the file system could go unseen), nor for ESP-IDF and
// FreeRTOS+TCP inputs, whose front ends read more than lwipopts records.
// Load errors are never stored.
//
// The cache lives in $LWIPLINT_CACHE_DIR, else the user cache directory
// (os.UserCacheDir: $XDG_CACHE_HOME or ~/.cache on Linux) under lwiplint/.
// LWIPLINT_CACHE=0 or --no-cache turns it off; `lwiplint cache clean`
// empties it. Entries not used for cacheMaxAge are removed, at most once a
// day, and so are the reduced lwIP trees (lwipopts.TreeCache) kept beside
// the results.

const (
	cacheFormat = "lwiplint-results-3" // part of every key: change it when the entry changes shape
	cacheMaxAge = 7 * 24 * time.Hour
	trimEvery   = 24 * time.Hour
)

// racyWindow: a file changed this recently is not trusted to show a
// later change in its times (tests set it to 0).
var racyWindow = 2 * time.Second

// cacheHits counts the results read from the cache (tests).
var cacheHits atomic.Int64

type resultCache struct {
	dir string // the entries, in dir/xx/KEY
	exe string // the identity of this binary
	wd  string
}

// An entry file holds cacheFormat and a newline, then the key's text
// (what key hashed), the inputs (lwipopts.AppendFileStates) and the
// findings, in the encoding of internal/bincode.
type cacheEntry struct {
	key      string
	inputs   []lwipopts.FileState
	findings []lint.Finding
	assumed  string // the configuration's assumed-version line (assumedLine), or ""
}

func writePos(w *bincode.Writer, p lwipopts.Position) {
	w.Str(p.File)
	w.Int(int64(p.Line))
	w.Int(int64(p.Col))
}

func readPos(r *bincode.Reader) lwipopts.Position {
	return lwipopts.Position{File: r.Str(), Line: int(r.Int()), Col: int(r.Int())}
}

// marshal encodes the entry. Lists keep the difference between nil and
// empty: a cached finding is the finding.
func (e *cacheEntry) marshal() []byte {
	w := &bincode.Writer{B: make([]byte, 0, 256+len(e.key)+len(e.inputs)*64+len(e.findings)*256)}
	w.B = append(w.B, cacheFormat+"\n"...)
	w.Str(e.key)
	w.B = lwipopts.AppendFileStates(w.B, e.inputs)
	w.Str(e.assumed)
	w.Uint(uint64(len(e.findings)))
	for _, f := range e.findings {
		w.Str(f.Rule)
		w.Str(f.Name)
		w.Int(int64(f.Severity))
		writePos(w, f.Pos)
		w.Str(f.Message)
		w.Len(len(f.KB), f.KB == nil)
		for _, k := range f.KB {
			w.Str(k)
		}
		w.Bool(f.LwipError != nil)
		if f.LwipError != nil {
			w.Str(*f.LwipError)
		}
		w.Len(len(f.Related), f.Related == nil)
		for _, r := range f.Related {
			writePos(w, r.Pos)
			w.Str(r.Message)
		}
		w.Bool(f.Fix != nil)
		if f.Fix != nil {
			w.Str(f.Fix.Message)
			w.Len(len(f.Fix.Edits), f.Fix.Edits == nil)
			for _, ed := range f.Fix.Edits {
				w.Str(ed.File)
				w.Int(int64(ed.Line))
				w.Int(int64(ed.Start))
				w.Int(int64(ed.End))
				w.Str(ed.OldText)
				w.Str(ed.NewText)
			}
		}
		w.Len(len(f.Source), f.Source == nil)
		for _, sl := range f.Source {
			w.Str(sl.File)
			w.Int(int64(sl.Line))
			w.Str(sl.Text)
			w.Int(int64(sl.Lines))
		}
	}
	return w.B
}

var errBadEntry = errors.New("malformed cache entry")

// unmarshal decodes an entry; it stops at the key when the key is not
// want, leaving the rest undecoded.
func (e *cacheEntry) unmarshal(b []byte, want string) error {
	b, ok := bytes.CutPrefix(b, []byte(cacheFormat+"\n"))
	if !ok {
		return errBadEntry
	}
	r := &bincode.Reader{B: b}
	if e.key = r.Str(); e.key != want {
		return errBadEntry
	}
	var err error
	if e.inputs, r.B, err = lwipopts.ReadFileStates(r.B); err != nil {
		return errBadEntry
	}
	e.assumed = r.Str()
	e.findings = make([]lint.Finding, r.Items(12)) // a finding takes at least 12 bytes
	for i := range e.findings {
		f := &e.findings[i]
		f.Rule, f.Name, f.Severity = r.Str(), r.Str(), lint.Severity(r.Int())
		f.Pos, f.Message = readPos(r), r.Str()
		if n, isNil := r.Len(); !isNil {
			f.KB = make([]string, n)
			for k := range f.KB {
				f.KB[k] = r.Str()
			}
		}
		if r.Bool() {
			s := r.Str()
			f.LwipError = &s
		}
		if n, isNil := r.Len(); !isNil {
			f.Related = make([]lint.Related, n)
			for k := range f.Related {
				f.Related[k] = lint.Related{Pos: readPos(r), Message: r.Str()}
			}
		}
		if r.Bool() {
			f.Fix = &lint.Fix{Message: r.Str()}
			if n, isNil := r.Len(); !isNil {
				f.Fix.Edits = make([]lint.Edit, n)
				for k := range f.Fix.Edits {
					f.Fix.Edits[k] = lint.Edit{File: r.Str(), Line: int(r.Int()), Start: int(r.Int()), End: int(r.Int()), OldText: r.Str(), NewText: r.Str()}
				}
			}
		}
		if n, isNil := r.Len(); !isNil {
			f.Source = make([]lint.SourceLine, n)
			for k := range f.Source {
				f.Source[k] = lint.SourceLine{File: r.Str(), Line: int(r.Int()), Text: r.Str(), Lines: int(r.Int())}
			}
		}
	}
	if r.Err() != nil {
		return errBadEntry
	}
	return nil
}

// cacheRoot returns the directory of the caches, "" when they are off:
// results/ holds the result cache, trees/ the reduced lwIP trees
// (lwipopts.TreeCache).
func cacheRoot() string {
	switch strings.ToLower(os.Getenv("LWIPLINT_CACHE")) {
	case "0", "off", "false", "no":
		return ""
	}
	if d := os.Getenv("LWIPLINT_CACHE_DIR"); d != "" {
		return d
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "lwiplint")
}

// cacheOffReason says why cacheRoot is "": LWIPLINT_CACHE turned the
// caches off, or there is no user cache directory (HOME and
// XDG_CACHE_HOME unset).
func cacheOffReason() string {
	switch v := os.Getenv("LWIPLINT_CACHE"); strings.ToLower(v) {
	case "0", "off", "false", "no":
		return "LWIPLINT_CACHE=" + v
	}
	_, err := os.UserCacheDir()
	return fmt.Sprintf("no user cache directory (%v); set LWIPLINT_CACHE_DIR to name one", err)
}

// isRegular reports whether path is a regular file (not followed if a link).
func isRegular(path string) bool {
	fi, err := os.Lstat(path)
	return err == nil && fi.Mode().IsRegular()
}

// exeIdentity names this binary: its path and state. A rebuilt or
// reinstalled lwiplint has a new change time, so it never reads what its
// predecessor cached.
var exeIdentity = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	st, ok := lwipopts.StatFile(exe)
	if !ok || st.Missing {
		return ""
	}
	return fmt.Sprintf("%s\x00%d\x00%d\x00%d\x00%d", exe, st.Size, st.ModTime, st.Ctime, st.Ino)
})

var treeCacheOnce sync.Once

// noCacheFlag registers --no-cache for the commands that load but keep
// no results (show, timing): it turns the lwIP tree cache off.
func noCacheFlag(flags *flag.FlagSet) *bool {
	return flags.Bool("no-cache", false, "neither read nor write the cache of lwIP trees (see lwiplint cache --help)")
}

// setTreeCache gives the shared loader the on-disk cache of reduced lwIP
// trees, unless off is set or the caches are off. The first call of a
// process decides (the loader must not change once loads run): check,
// show and timing make it with --no-cache before loading, the other
// commands when they load their first configuration.
func setTreeCache(off bool) {
	treeCacheOnce.Do(func() {
		root, id := cacheRoot(), exeIdentity()
		if off || root == "" || id == "" {
			return
		}
		loader.TreeCache = &lwipopts.TreeCache{Dir: root, Key: id}
	})
}

// openCache returns the result cache, or nil when it is off or this
// binary cannot be identified.
func openCache() *resultCache {
	root, id := cacheRoot(), exeIdentity()
	if root == "" || id == "" {
		return nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil
	}
	return &resultCache{dir: filepath.Join(root, "results"), exe: id, wd: wd}
}

// key is the text that names the result of linting in with p, settings s
// and the rules ids. Params and config.File are plain data: their Go
// syntax (%#v, maps sorted) covers every setting that changes a result.
func (c *resultCache) key(in lwipopts.Input, p lwipopts.Params, s *config.File, ids []string) string {
	return fmt.Sprintf("%s\x00%s\x00%s\x00%#v\x00%#v\x00%#v\x00%q", cacheFormat, c.exe, c.wd, in, p, s, ids)
}

// path is the entry file of key (the entry holds the whole key).
func (c *resultCache) path(key string) string { return diskcache.Path(c.dir, key) }

// get returns the findings stored under key when every input is as it
// was.
func (c *resultCache) get(key string) ([]lint.Finding, string, bool) {
	p := c.path(key)
	data, mod, err := diskcache.Read(p)
	if err != nil {
		return nil, "", false
	}
	var e cacheEntry
	if err := e.unmarshal(data, key); err != nil || !lwipopts.Unchanged(e.inputs) {
		return nil, "", false
	}
	cacheHits.Add(1)
	diskcache.Renew(p, mod) // an entry in use is kept by trim
	return e.findings, e.assumed, true
}

// put stores the findings of cfg under key, when cfg's inputs are known
// and none changed within racyWindow. Failures are ignored: the cache only
// saves time.
func (c *resultCache) put(key string, cfg *lwipopts.Config, findings []lint.Finding, started time.Time) {
	inputs, ok := cfg.Inputs()
	if !ok || lwipopts.ChangedSince(inputs, started.Add(-racyWindow)) {
		return
	}
	data := (&cacheEntry{key: key, inputs: collapseMissing(inputs), findings: findings, assumed: assumedNote(cfg, cfg.VersionAssumed)}).marshal()
	if diskcache.Write(c.path(key), data) == nil {
		c.trim(time.Now())
	}
}

// collapseMissing replaces each missing path by its highest missing
// ancestor directory, once: while that directory is missing, so is every
// path below it. A load records, for each #include, every directory of the
// search path it tried, and most of them lack whole subdirectories
// ("lwip/" under the configuration's directory): an entry then needs a
// fifth of the os.Stat calls to check.
func collapseMissing(in []lwipopts.FileState) []lwipopts.FileState {
	out := make([]lwipopts.FileState, 0, len(in))
	missing, present, seen := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, s := range in {
		if !s.Missing {
			out = append(out, s)
			continue
		}
		top := s.Path
		for {
			parent := filepath.Dir(top)
			if parent == top || parent == "." || present[parent] {
				break
			}
			if !missing[parent] {
				if st, ok := lwipopts.StatFile(parent); !ok || !st.Missing {
					present[parent] = true
					break
				}
				missing[parent] = true
			}
			top = parent
		}
		if !seen[top] {
			seen[top] = true
			out = append(out, lwipopts.FileState{Path: top, Missing: true})
		}
	}
	return out
}

// trim removes the entries (results and trees) not used for cacheMaxAge,
// at most once per trimEvery (the time of the last trim is the modification time of the
// file "trimmed").
func (c *resultCache) trim(now time.Time) {
	mark := filepath.Join(c.dir, "trimmed")
	fi, err := os.Lstat(mark)
	switch {
	case err == nil && !fi.Mode().IsRegular():
		return // not ours: a FIFO, a link, a directory someone put there
	case err == nil && now.Sub(fi.ModTime()) < trimEvery:
		return
	case err != nil && !os.IsNotExist(err):
		return
	}
	if err != nil { // no mark yet: create it, never through a link
		f, err := os.OpenFile(mark, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return
		}
		f.Close()
	}
	if os.Chtimes(mark, now, now) != nil {
		return
	}
	// The reduced lwIP trees beside the results age in the same way
	// (lwipopts.TreeCache renews an entry it reads once a day). Only
	// lwiplint's own entries go (diskcache.Owned): LWIPLINT_CACHE_DIR may
	// name a directory that holds other files.
	for _, dir := range []string{c.dir, filepath.Join(filepath.Dir(c.dir), "trees")} {
		diskcache.Trim(dir, cacheMaxAge, now)
	}
}

const cacheUsage = `lwiplint cache [dir | clean]

The result cache of check keeps the findings of each configuration with the
state of every file they were computed from, and reuses them while none of
those files changed. Every command also keeps the reduction of each lwIP
tree it reads (its option headers cut down to the directives that decide
options), checked in the same way. Both live in $LWIPLINT_CACHE_DIR, else
in lwiplint/ under the user cache directory ($XDG_CACHE_HOME, or ~/.cache
on Linux): results/ and trees/. LWIPLINT_CACHE=0 turns them off,
check --no-cache for one run.

  dir    print the cache directory (the default)
  clean  remove every entry`

func runCache(args []string, stdout, stderr io.Writer) int {
	flags := newFlags("cache", cacheUsage, stderr)
	if code, ok := parse(flags, args); !ok {
		return code
	}
	dir := cacheRoot()
	switch args := flags.Args(); {
	case len(args) == 0 || len(args) == 1 && args[0] == "dir":
		if dir == "" {
			fmt.Fprintln(stderr, "lwiplint: the caches are off:", cacheOffReason())
			return exitUsage
		}
		fmt.Fprintln(stdout, dir)
		return exitOK
	case len(args) == 1 && args[0] == "clean":
		if dir == "" {
			return exitOK
		}
		// Only what lwiplint wrote (diskcache.Owned): the directory may
		// hold other files, which stay.
		for _, sub := range []string{"results", "trees"} {
			if _, err := diskcache.Clean(filepath.Join(dir, sub)); err != nil {
				fmt.Fprintln(stderr, "lwiplint:", err)
				return exitLoad
			}
		}
		if mark := filepath.Join(dir, "results", "trimmed"); isRegular(mark) {
			os.Remove(mark)
			os.Remove(filepath.Dir(mark)) // only when empty
		}
		return exitOK
	}
	fmt.Fprintf(stderr, "lwiplint: cache: unknown arguments %q (dir or clean)\n", flags.Args())
	return exitUsage
}
