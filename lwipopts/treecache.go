package lwipopts

import (
	"bytes"
	"errors"
	"path/filepath"
	"slices"
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

const treeCacheFormat = "lwiplint-tree-1\n"

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
// Label, Roots, the files (sorted by path, each with its lines) and the
// inputs (AppendFileStates), in the encoding of internal/bincode.
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
	names := make([]string, 0, len(p.Files))
	for f := range p.Files {
		names = append(names, f)
	}
	slices.Sort(names)
	w.Uint(uint64(len(names)))
	for _, f := range names {
		w.Str(f)
		w.Uint(uint64(len(p.Files[f])))
		for _, l := range p.Files[f] {
			w.Int(int64(l.Line))
			w.Str(l.Text)
		}
	}
	return AppendFileStates(w.B, p.inputs)
}

var errBadTreeEntry = errors.New("malformed tree cache entry")

// decodeProgram reads what encodeProgram wrote, for key and root.
func decodeProgram(b []byte, key, root string) (*program, error) {
	b, ok := bytes.CutPrefix(b, []byte(treeCacheFormat))
	if !ok {
		return nil, errBadTreeEntry
	}
	r := bincode.Reader{B: b}
	if r.Str() != key || r.Str() != root {
		return nil, errBadTreeEntry
	}
	p := &program{Version: r.Str(), Label: r.Str(), Files: map[string][]progLine{}, inputsOK: true}
	p.Roots = make([]string, r.Count())
	for i := range p.Roots {
		p.Roots[i] = r.Str()
	}
	for n := r.Count(); n > 0; n-- {
		f := r.Str()
		lines := make([]progLine, r.Items(2)) // line number and text
		for i := range lines {
			lines[i] = progLine{Line: int(r.Int()), Text: r.Str()}
		}
		p.Files[f] = lines
	}
	var err error
	if p.inputs, r.B, err = ReadFileStates(r.B); err != nil {
		return nil, errBadTreeEntry
	}
	if r.Err() != nil {
		return nil, errBadTreeEntry
	}
	return p, nil
}
