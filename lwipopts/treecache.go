package lwipopts

import (
	"bytes"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/lwiplint/lwiplint/internal/bincode"
	"github.com/lwiplint/lwiplint/internal/diskcache"
)

// TreeCache keeps the reduced lwIP trees a Loader builds on disk, so that
// the next process reads a tree's reduction instead of scanning its
// headers again (about 10 ms for lwIP 2.1.3's). An entry holds the state
// ([FileState]) of every file and directory the reduction read, and is used
// only while each of them is as it was; a tree with a file changed less
// than two seconds before the reduction is not stored (a second change
// within the file system's timestamp granularity could go unseen). An
// entry that is read gets a new modification time once a day; removing
// old entries is left to the owner of the directory.
type TreeCache struct {
	// Dir is the directory of the entries (they are written to its
	// subdirectory trees/).
	Dir string
	// Key names the code that writes the entries: entries written under
	// another key are not read. It must change whenever lwipopts changes;
	// the command line uses its executable's path, size and times.
	Key string
}

const treeCacheFormat = "lwiplint-tree-3\n"

// treeRacy: a file changed this recently is not trusted to show a later
// change in its times (tests set it to 0).
var treeRacy = 2 * time.Second

func (c *TreeCache) path(root string) string {
	return diskcache.Path(filepath.Join(c.Dir, "trees"), c.Key+"\x00"+root)
}

// load returns the reduction of the tree at root stored by an earlier
// process, when every file it read is unchanged.
func (c *TreeCache) load(root string) (*program, bool) {
	if !haveChangeTime {
		return nil, false
	}
	path := c.path(root)
	data, mod, err := diskcache.Read(path)
	if err != nil {
		return nil, false
	}
	p, err := decodeProgram(data, c.Key, root)
	if err != nil || !Unchanged(p.inputs) {
		return nil, false
	}
	// For whoever removes old entries (the command line, after a week).
	diskcache.Renew(path, mod)
	return p, true
}

// store writes the reduction p of the tree at root, begun at started,
// unless one of its files changed within treeRacy before that. Failures
// are ignored: the cache only saves time.
func (c *TreeCache) store(root string, p *program, started time.Time) {
	if !p.inputsOK || !haveChangeTime || ChangedSince(p.inputs, started.Add(-treeRacy)) {
		return
	}
	diskcache.Write(c.path(root), encodeProgram(p, c.Key, root))
}

// encodeProgram writes the format line, the key and root, then Version,
// Label, Roots, the files (sorted by path, each with its lines), the
// analysis (see encodeAnalysis) and the inputs (AppendFileStates), in the
// encoding of internal/bincode.
func encodeProgram(p *program, key, root string) []byte {
	w := bincode.Writer{B: []byte(treeCacheFormat)}
	w.Str(key)
	w.Str(root)
	w.Str(p.Version)
	w.Str(p.Label)
	w.Uint(uint64(len(p.Roots)))
	for _, r := range p.Roots {
		w.Str(r)
	}
	names := slices.Sorted(maps.Keys(p.Files))
	w.Uint(uint64(len(names)))
	for _, f := range names {
		w.Str(f)
		w.Uint(uint64(len(p.Files[f])))
		for _, l := range p.Files[f] {
			w.Int(int64(l.Line))
			w.Str(l.Text)
		}
	}
	encodeAnalysis(&w, p, names, root)
	return AppendFileStates(w.B, p.inputs)
}

// encodeAnalysis writes what analyze and lwipSource.tokens compute from
// the files, which a process reading the entry then need not compute
// (about 5 ms for lwIP 2.1.3): for each file of names whether it scanned
// and its source (encodeSource); then the options in name order; then,
// for a release tree (src/include beside src/core/init.c, which rule
// LW9003 preprocesses with lwIP's headers read whole), the headers the
// reduction read whole, each with its text.
func encodeAnalysis(w *bincode.Writer, p *program, names []string, root string) {
	p.analyze()
	for _, f := range names {
		_, ok := p.dirs[f]
		w.Bool(ok)
		if ok {
			encodeSource(w, p.source(f), false)
		}
	}
	w.Uint(uint64(len(p.optNames)))
	for _, n := range p.optNames {
		o := p.options[n]
		w.Str(o.Name)
		w.Bool(o.Overridable)
		w.Uint(uint64(len(o.Defaults)))
		for _, d := range o.Defaults {
			w.Str(d.File)
			w.Int(int64(d.Line))
			w.Str(d.Expr)
			w.Len(len(d.Conds), d.Conds == nil)
			for _, c := range d.Conds {
				w.Str(c)
			}
			w.Bool(d.FuncLike)
		}
	}
	var whole []string
	if fi, err := os.Stat(filepath.Join(root, "..", "core", "init.c")); err == nil && fi.Mode().IsRegular() {
		whole = slices.Sorted(maps.Keys(p.whole))
	}
	w.Uint(uint64(len(whole)))
	for _, rel := range whole {
		w.Str(rel)
		encodeSource(w, p.whole[rel], true)
	}
}

// encodeSource writes s: its text when withSrc, its directives, and the
// tokens of each directive (whether it failed to tokenize, then the
// tokens as Len). The macros of the #defines are parsed again from their
// tokens.
func encodeSource(w *bincode.Writer, s *lwipSource, withSrc bool) {
	if withSrc {
		w.Str(string(s.src))
	}
	toks, bad, _ := s.tokens()
	total := 0
	for _, ts := range toks {
		total += len(ts)
	}
	w.Uint(uint64(len(s.dirs)))
	w.Uint(uint64(total))
	for i, d := range s.dirs {
		w.Int(int64(d.Line))
		w.Int(int64(d.Col))
		w.Str(d.Name)
		w.Str(d.Rest)
		w.Int(int64(d.First))
		w.Int(int64(d.End))
		w.Bool(bad[i])
		w.Len(len(toks[i]), toks[i] == nil)
		for _, t := range toks[i] {
			w.Uint(uint64(t.Kind))
			w.Str(t.Text)
			w.Bool(t.Space)
		}
	}
}

var errBadTreeEntry = errors.New("malformed tree cache entry")

// decodeProgram reads what encodeProgram wrote, for key and root. Its
// strings share b's memory.
func decodeProgram(b []byte, key, root string) (*program, error) {
	b, ok := bytes.CutPrefix(b, []byte(treeCacheFormat))
	if !ok {
		return nil, errBadTreeEntry
	}
	r := bincode.Reader{B: b, Shared: true}
	if r.Str() != key || r.Str() != root {
		return nil, errBadTreeEntry
	}
	p := &program{Version: r.Str(), Label: r.Str(), Files: map[string][]progLine{}, inputsOK: true}
	p.Roots = make([]string, r.Count())
	for i := range p.Roots {
		p.Roots[i] = r.Str()
	}
	// Lines ascend, and all the files together have no more lines than
	// one file lwiplint would read (maxFileSize bytes): the rendering
	// (scanFiles) writes a newline per line.
	names, total := make([]string, r.Count()), 0
	for i := range names {
		f := r.Str()
		lines := make([]progLine, r.Items(2)) // line number and text
		next := 1                             // the first line a kept line may be on
		for i := range lines {
			lines[i] = progLine{Line: int(r.Int()), Text: r.Str()}
			if l := lines[i].Line; l < next || l > maxFileSize {
				r.Fail()
				break
			}
			next = lines[i].Line + 1 + strings.Count(lines[i].Text, "\n")
		}
		if total += next; total > maxFileSize {
			r.Fail()
		}
		p.Files[f], names[i] = lines, f
	}
	decodeAnalysis(&r, p, names)
	var err error
	if p.inputs, r.B, err = ReadFileStates(r.B); err != nil {
		return nil, errBadTreeEntry
	}
	if r.Err() != nil {
		return nil, errBadTreeEntry
	}
	return p, nil
}

// decodeAnalysis reads what encodeAnalysis wrote.
func decodeAnalysis(r *bincode.Reader, p *program, names []string) {
	p.analyzed = true
	p.dirs = make(map[string][]directive, len(names))
	p.sources = make(map[string]*lwipSource, len(names))
	for _, f := range names {
		if r.Bool() {
			s := decodeSource(r, false)
			p.dirs[f], p.sources[f] = s.dirs, s
		}
	}
	n := r.Items(3) // name, overridable, defaults
	p.options, p.optNames = make(map[string]*optionInfo, n), make([]string, 0, n)
	for ; n > 0; n-- {
		o := &optionInfo{Name: r.Str(), Overridable: r.Bool()}
		o.Defaults = make([]optDefault, r.Items(5))
		for i := range o.Defaults {
			d := optDefault{File: r.Str(), Line: int(r.Int()), Expr: r.Str()}
			if k, isNil := r.Len(); !isNil {
				d.Conds = make([]string, 0, min(k, len(r.B)))
				for range k {
					d.Conds = append(d.Conds, r.Str())
				}
			}
			d.FuncLike = r.Bool()
			o.Defaults[i] = d
		}
		p.options[o.Name] = o
		p.optNames = append(p.optNames, o.Name)
	}
	if n := r.Items(3); n > 0 { // path, text, source
		p.whole = make(map[string]*lwipSource, n)
		for ; n > 0; n-- {
			rel := r.Str()
			p.whole[rel] = decodeSource(r, true)
		}
	}
}

// decodeSource reads what encodeSource wrote, its tokens already made.
// The tokens of a file are one allocation, of the number the entry gives,
// which must be the number read: a false count stops the decoding at the
// first file that gives one (so that the files of an entry cannot each
// claim the entry's size in tokens). Each directive's tokens are a slice
// of it with no room to append. A text's directives must lie within it.
func decodeSource(r *bincode.Reader, withSrc bool) *lwipSource {
	s := &lwipSource{}
	if withSrc {
		s.src = r.Bytes()
	}
	ds := make([]directive, r.Items(8)) // line, column, name, rest, first, end, bad, tokens
	claim := r.Items(3)
	arena := make([]token, 0, claim)
	toks, bad, defs := make([][]token, len(ds)), make([]bool, len(ds)), make([]*macro, len(ds))
	for i := range ds {
		d := directive{Line: int(r.Int()), Col: int(r.Int()), Name: r.Str(), Rest: r.Str(), First: int(r.Int()), End: int(r.Int())}
		if withSrc && (d.First < 0 || d.First > d.End || d.End > len(s.src)) {
			r.Fail()
			break
		}
		ds[i] = d
		bad[i] = r.Bool()
		n, isNil := r.Len()
		if isNil {
			continue
		}
		if n > cap(arena)-len(arena) {
			r.Fail() // more tokens than the file's count
			break
		}
		start := len(arena)
		for range n {
			arena = append(arena, token{Kind: tokKind(r.Uint()), Text: r.Str(), Space: r.Bool()})
		}
		toks[i] = arena[start:len(arena):len(arena)]
		defs[i] = defineMacro(d, toks[i], bad[i])
	}
	if len(arena) != claim {
		r.Fail() // fewer tokens than the file's count
	}
	s.dirs, s.toks, s.bad, s.defs = ds, toks, bad, defs
	s.once.Do(func() {}) // tokens: already done
	return s
}
