package lwipopts

import (
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/lwiplint/lwiplint/internal/bincode"
)

// FileState is what a load saw of one path: that it was missing, or the
// metadata of the file or directory there. The paths a configuration was
// resolved from ([Config.Inputs]) and their states let a caller tell, with
// one os.Stat per path, that a new load would give the same result (the
// result cache of the command line does this).
//
// A file's content is not part of its state: a change of content changes
// its modification or change time (Ctime, which no program can set back).
// Directories are recorded too where their listing mattered (the lwIP
// tree's), since adding or removing an entry changes the directory's times.
type FileState struct {
	Path    string
	Missing bool // the path did not exist (ENOENT or ENOTDIR)
	Mode    fs.FileMode
	Size    int64
	ModTime int64  // nanoseconds since 1970
	Ctime   int64  // status change time in nanoseconds, 0 where unknown
	Ino     uint64 // inode number, 0 where unknown
	Dev     uint64
}

// StatFile returns the current state of path, and false when os.Stat fails
// otherwise than by the path's absence (then there is no state to compare).
func StatFile(path string) (FileState, bool) {
	fi, err := os.Stat(path)
	return fileState(path, fi, err)
}

// Unchanged reports whether every path of states is in its recorded state
// now, with one os.Stat each.
func Unchanged(states []FileState) bool {
	for _, want := range states {
		if got, ok := StatFile(want.Path); !ok || got != want {
			return false
		}
	}
	return true
}

// ChangedSince reports whether a file or directory of states was modified,
// or had its status changed, at t or later. A cache does not store what
// rests on such a file: a second change within the timestamp granularity
// of the file system would give the same state.
func ChangedSince(states []FileState, t time.Time) bool {
	limit := t.UnixNano()
	for _, s := range states {
		if !s.Missing && (s.ModTime >= limit || s.Ctime >= limit) {
			return true
		}
	}
	return false
}

func fileState(path string, fi fs.FileInfo, err error) (FileState, bool) {
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			return FileState{Path: path, Missing: true}, true
		}
		return FileState{Path: path}, false
	}
	s := FileState{Path: path, Mode: fi.Mode(), Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}
	sysState(&s, fi)
	return s, true
}

// AppendFileStates appends ss to b in the binary form of lwiplint's
// caches (internal/bincode: the number of states, then each state's path,
// whether it is missing, mode, size, times, inode and device).
func AppendFileStates(b []byte, ss []FileState) []byte {
	w := bincode.Writer{B: b}
	w.Uint(uint64(len(ss)))
	for _, s := range ss {
		w.Str(s.Path)
		w.Bool(s.Missing)
		w.Uint(uint64(s.Mode))
		w.Int(s.Size)
		w.Int(s.ModTime)
		w.Int(s.Ctime)
		w.Uint(s.Ino)
		w.Uint(s.Dev)
	}
	return w.B
}

// ReadFileStates reads what AppendFileStates wrote at the start of b and
// returns the rest of b.
func ReadFileStates(b []byte) ([]FileState, []byte, error) {
	r := bincode.Reader{B: b}
	ss := make([]FileState, r.Items(8)) // a state takes at least 8 bytes
	for i := range ss {
		ss[i] = FileState{Path: r.Str(), Missing: r.Bool(), Mode: fs.FileMode(r.Uint()),
			Size: r.Int(), ModTime: r.Int(), Ctime: r.Int(), Ino: r.Uint(), Dev: r.Uint()}
	}
	rest := r.B
	r.B = nil
	if err := r.Err(); err != nil {
		return nil, nil, err
	}
	return ss, rest, nil
}

// inputs collects the file states one configuration's load and its
// Config.Preprocess runs depended on. A nil *inputs records nothing.
type inputs struct {
	mu sync.Mutex
	m  map[string]FileState
	// bad is set when a state could not be taken (an error other than a
	// missing path) or the load read things it does not record (the
	// ESP-IDF and FreeRTOS+TCP front ends, the environment).
	bad bool
}

func newInputs() *inputs { return &inputs{m: map[string]FileState{}} }

// add records the answer of os.Stat(path).
func (in *inputs) add(path string, fi fs.FileInfo, err error) {
	if in == nil {
		return
	}
	s, ok := fileState(path, fi, err)
	in.mu.Lock()
	defer in.mu.Unlock()
	if !ok {
		in.bad = true
		return
	}
	in.put(s)
}

// addAll records the states in states.
func (in *inputs) addAll(states ...FileState) {
	if in == nil {
		return
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	for _, s := range states {
		in.put(s)
	}
}

// put records s; in.mu is held. A path seen before in another state
// changed while the result was being computed (or a Loader read it
// earlier, in the state recorded first): the result may mix both, so the
// record is incomplete.
func (in *inputs) put(s FileState) {
	if old, seen := in.m[s.Path]; seen {
		if old != s {
			in.bad = true
		}
		return
	}
	in.m[s.Path] = s
}

// stat is os.Stat, recorded.
func (in *inputs) stat(path string) (fs.FileInfo, error) {
	fi, err := os.Stat(path)
	in.add(path, fi, err)
	return fi, err
}

// incomplete marks the record as not covering everything the result
// depends on.
func (in *inputs) incomplete() {
	if in == nil {
		return
	}
	in.mu.Lock()
	in.bad = true
	in.mu.Unlock()
}

// StatInput is os.Stat of path, recorded among the configuration's inputs
// ([Config.Inputs]): for code that looks at files to compute a result from
// the configuration, such as a rule that looks for lwIP's init.c.
func (c *Config) StatInput(path string) (fs.FileInfo, error) {
	if c.inputs == nil {
		return os.Stat(path)
	}
	return c.inputs.stat(path)
}

// SetInputsIncomplete records that a result computed from the
// configuration rests on more than its inputs (a time limit that ran out,
// a rule that failed): [Config.Inputs] then returns false, so that the
// result is not reused.
func (c *Config) SetInputsIncomplete() { c.inputs.incomplete() }

// Inputs returns the states of the paths the configuration was resolved
// from, sorted by path: the configuration and every file it includes, the
// lwIP tree's headers and directories, the candidates of the include path
// and of the search for an lwIP tree that were missing, and what
// [Config.Preprocess] has read so far. It returns false when that list is
// not known to be complete: for ESP-IDF and FreeRTOS+TCP configurations,
// whose front ends read further files and the environment; when a path
// could not be examined, or was seen in two states (it changed during the
// load, or the Loader had read it earlier); after SetInputsIncomplete; and
// on systems where lwiplint cannot read a file's status change time (other
// than Linux and macOS), since size and modification time alone miss a
// same-size replacement that keeps the time. Paths are absolute where lwiplint made them
// so and as given otherwise, so a state is to be compared from the same
// working directory.
func (c *Config) Inputs() ([]FileState, bool) {
	in := c.inputs
	if in == nil || !haveChangeTime {
		return nil, false
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.bad {
		return nil, false
	}
	out := make([]FileState, 0, len(in.m))
	for _, s := range in.m {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b FileState) int { return strings.Compare(a.Path, b.Path) })
	return out, true
}

// recordFS is an fs.FS over a directory of the disk that records the
// state of every name opened in it (files and directories) and of every
// name it fails to open because it is missing. The tree walk of
// reduceTreeScan goes through it.
type recordFS struct {
	dir  string // the directory, as os.DirFS was given it
	fsys fs.FS
	mu   sync.Mutex
	rec  []FileState
	bad  bool
}

func newRecordFS(dir string) *recordFS { return &recordFS{dir: dir, fsys: os.DirFS(dir)} }

func (r *recordFS) Open(name string) (fs.File, error) {
	f, err := r.fsys.Open(name)
	full := r.dir + string(os.PathSeparator) + name
	if name == "." {
		full = r.dir
	}
	var s FileState
	ok := true
	if err != nil {
		s, ok = fileState(full, nil, err)
	} else {
		fi, serr := f.Stat()
		s, ok = fileState(full, fi, serr)
	}
	r.mu.Lock()
	if ok {
		r.rec = append(r.rec, s)
	} else {
		r.bad = true
	}
	r.mu.Unlock()
	return f, err
}

// states returns what was recorded, false when a state was missed.
func (r *recordFS) states() ([]FileState, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.rec), !r.bad
}
