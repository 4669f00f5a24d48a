package ram

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/lwiplint/lwiplint/lwipopts"
	"modernc.org/cc/v4"
)

// libc holds the C library headers lwiplint serves when the include path
// has none: free/ the freestanding ones (types and limits from the
// target's predefined macros), hosted/ declarations only.
//
//go:embed libc
var libc embed.FS

// Virtual directories of the translation units (never on disk).
const (
	virtRoot   = "/__lwiplint_ram__"
	shadowDir  = virtRoot + "/config"
	cfgAlias   = virtRoot + "/cfgdir" // the configuration's directory
	freeDir    = virtRoot + "/free"
	hostedDir  = virtRoot + "/hosted"
	probeName  = virtRoot + "/probe.c"
	maxSource  = 16 << 20 // bytes of one file read for the layout
	ccExpLimit = 50_000_000
)

// probeMemp follows memp.c in its translation unit: memp_std.h once more,
// with every pool's count, element size and stride as array lengths, so
// that cc/v4 evaluates them as the compiler does (sizeof included) with
// lwIP's own macros (MEMP_SIZE and MEMP_ALIGN_SIZE of memp_priv.h).
const probeMemp = `
#undef LWIP_MEMPOOL
#define LWIP_MEMPOOL(name,num,size,desc) \
  extern char lwiplint_num_ ## name[(num) + 1]; \
  extern char lwiplint_size_ ## name[(size) + 1]; \
  extern char lwiplint_stride_ ## name[MEMP_SIZE + MEMP_ALIGN_SIZE(size) + 1];
#include "lwip/priv/memp_std.h"
extern char lwiplint_memp_size[MEMP_SIZE + 1];
`

// probeMem follows mem.c: the figures of the heap's allocator.
const probeMem = `
#if !MEM_LIBC_MALLOC && !MEM_USE_POOLS && !(defined(MEM_CUSTOM_ALLOCATOR) && MEM_CUSTOM_ALLOCATOR)
extern char lwiplint_struct_mem[SIZEOF_STRUCT_MEM + 1];
extern char lwiplint_min_size[MIN_SIZE_ALIGNED + 1];
extern char lwiplint_mem_size[MEM_SIZE_ALIGNED + 1];
#if defined(MEM_SANITY_OVERHEAD)
extern char lwiplint_sanity[MEM_SANITY_OVERHEAD + 1];
#endif
#endif
`

// unit is one translation unit: an lwIP source file and its probe.
type unit struct {
	file, probe string
	ast         *cc.AST
	err         error
}

// builder lays out one configuration.
type builder struct {
	env    *lwipopts.CompileEnv
	target *Target
	fsys   *overlay
	abi    *cc.ABI
	cache  *cc.SourceCache
}

// overlay is the file system of the translation units: the disk, the
// virtual directories, and the disk's files with enum insertions.
type overlay struct {
	virt  map[string][]byte
	alias string // the real directory of cfgAlias
	mu    sync.Mutex
	edits map[string][]insertion // real path → insertions, sorted
	read  map[string]bool        // real paths read
}

// insertion is text inserted before the byte at line:col (1-based).
type insertion struct {
	line, col int
	text      string
}

func (o *overlay) Open(name string) (fs.File, error) {
	if b, ok := o.virt[name]; ok {
		return &memFile{name: name, r: bytes.NewReader(b), size: int64(len(b))}, nil
	}
	if rest, ok := strings.CutPrefix(name, cfgAlias+"/"); ok {
		name = filepath.Join(o.alias, rest)
	}
	if strings.HasPrefix(name, virtRoot+"/") {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return os.Open(name)
	}
	if !fi.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("not a regular file")}
	}
	if fi.Size() > maxSource {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fmt.Errorf("larger than %d MB", maxSource>>20)}
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	o.mu.Lock()
	if o.read == nil {
		o.read = map[string]bool{}
	}
	o.read[name] = true
	ins := o.edits[name]
	o.mu.Unlock()
	if len(ins) > 0 {
		if b, err = insert(b, ins); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return &memFile{name: name, r: bytes.NewReader(b), size: int64(len(b))}, nil
}

// insert applies insertions (sorted by position) to src.
func insert(src []byte, ins []insertion) ([]byte, error) {
	var out bytes.Buffer
	line, lineStart, last := 1, 0, 0
	i := 0
	for off := 0; off <= len(src) && i < len(ins); off++ {
		for i < len(ins) && ins[i].line == line && off-lineStart+1 == ins[i].col {
			if off >= len(src) || src[off] != '{' {
				return nil, fmt.Errorf("%d:%d: no '{' of an enum where cc/v4 found one", ins[i].line, ins[i].col)
			}
			out.Write(src[last:off])
			out.WriteString(ins[i].text)
			last = off
			i++
		}
		if off < len(src) && src[off] == '\n' {
			line++
			lineStart = off + 1
		}
	}
	if i < len(ins) {
		return nil, fmt.Errorf("%d:%d: no '{' of an enum where cc/v4 found one", ins[i].line, ins[i].col)
	}
	out.Write(src[last:])
	return out.Bytes(), nil
}

type memFile struct {
	name string
	r    *bytes.Reader
	size int64
}

func (f *memFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *memFile) Close() error               { return nil }
func (f *memFile) Stat() (fs.FileInfo, error) { return memInfo{f}, nil }

type memInfo struct{ f *memFile }

func (i memInfo) Name() string       { return path.Base(i.f.name) }
func (i memInfo) Size() int64        { return i.f.size }
func (i memInfo) Mode() fs.FileMode  { return 0o444 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }

func newBuilder(env *lwipopts.CompileEnv, t *Target) (*builder, error) {
	abi, err := t.abi()
	if err != nil {
		return nil, err
	}
	o := &overlay{virt: map[string][]byte{}, edits: map[string][]insertion{}, alias: filepath.Dir(env.File)}
	// lwIP's opt.h includes "lwipopts.h": the shadow directory, first on
	// the path, serves one that reads the configuration and drops
	// LWIP_RAM_HEAP_POINTER, so that mem.c declares ram_heap with its own
	// formula even when the heap is placed elsewhere (the bytes that must
	// be there).
	o.virt[shadowDir+"/lwipopts.h"] = fmt.Appendf(nil, "#include \"../cfgdir/%s\"\n#undef LWIP_RAM_HEAP_POINTER\n", filepath.Base(env.File))
	for _, sub := range []string{"free", "hosted"} {
		ents, err := libc.ReadDir("libc/" + sub)
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			b, err := libc.ReadFile("libc/" + sub + "/" + e.Name())
			if err != nil {
				return nil, err
			}
			o.virt[virtRoot+"/"+sub+"/"+e.Name()] = b
		}
	}
	return &builder{env: env, target: t, fsys: o, abi: abi, cache: &cc.SourceCache{}}, nil
}

func (b *builder) config() *cc.Config {
	dir := filepath.Dir(b.env.File)
	quote := []string{"@", shadowDir, dir}
	sys := []string{dir}
	quote = append(quote, b.env.IncludeDirs...)
	sys = append(sys, b.env.IncludeDirs...)
	quote = append(quote, b.env.LwipDir, freeDir, hostedDir)
	sys = append(sys, b.env.LwipDir, freeDir, hostedDir)
	return &cc.Config{
		ABI:             b.abi,
		FS:              b.fsys,
		FSOnly:          true,
		IncludePaths:    quote,
		SysIncludePaths: sys,
		ABILayout:       true,
		ExpansionLimit:  ccExpLimit,
		SourceCache:     b.cache,
	}
}

// translate type-checks the translation unit of u. A panic of cc/v4 on an
// input it does not expect is the unit's error, not the process's end.
func (b *builder) translate(u *unit) {
	defer func() {
		if r := recover(); r != nil {
			u.ast, u.err = nil, fmt.Errorf("lay out %s: internal error of the C front end (please report it): %v", u.file, r)
		}
	}()
	var cmd strings.Builder
	undef := map[string]bool{}
	for _, n := range b.env.Undefines {
		undef[n] = true
	}
	for _, d := range b.env.Defines {
		name, val, ok := strings.Cut(d, "=")
		if !ok {
			val = "1"
		}
		pname, _, _ := strings.Cut(name, "(")
		if undef[pname] {
			continue
		}
		fmt.Fprintf(&cmd, "#define %s %s\n", name, val)
	}
	srcs := []cc.Source{
		{Name: "<predefined>", Value: b.target.predefinedSource()},
		{Name: "<builtin>", Value: cc.Builtin},
		{Name: "<command-line>", Value: cmd.String()},
	}
	for _, inc := range b.env.Includes {
		srcs = append(srcs, cc.Source{Name: inc})
	}
	srcs = append(srcs, cc.Source{Name: u.file}, cc.Source{Name: probeName + "/" + filepath.Base(u.file), Value: u.probe})
	u.ast, u.err = cc.Translate(b.config(), srcs)
	if u.err != nil {
		msg := strings.ReplaceAll(clip(u.err).Error(), cfgAlias, filepath.Dir(b.env.File))
		u.err = fmt.Errorf("lay out %s: %s", u.file, msg)
	}
}

// ccWhere is where in its own source cc/v4 raised an error, which its
// messages end with: "(check.go:2413:arraySize:)".
var ccWhere = regexp.MustCompile(` \(\w+\.go:\d+:\w*:?\)`)

// clip keeps the first lines of a cc/v4 error list, without cc/v4's own
// source positions.
func clip(err error) error {
	lines := strings.Split(ccWhere.ReplaceAllString(err.Error(), ""), "\n")
	if len(lines) > 8 {
		lines = append(lines[:8], fmt.Sprintf("(and %d more)", len(lines)-8))
	}
	return errors.New(strings.Join(lines, "\n"))
}

// translateAll type-checks the units in parallel.
func (b *builder) translateAll(us []*unit) error {
	var wg sync.WaitGroup
	for _, u := range us {
		wg.Add(1)
		go func() { defer wg.Done(); b.translate(u) }()
	}
	wg.Wait()
	for _, u := range us {
		if u.err != nil {
			return u.err
		}
	}
	return nil
}

// enumEdits are the insertions of fixed enum types, by real path.
type enumEdits map[string][]insertion

// wantEdits returns the insertions that give every enum defined in the
// units' declarations the width gcc's -fshort-enums gives it, read from
// the units as translated with the insertions have (so that a cached set
// is checked, not trusted): an enum with no fixed type that gcc makes
// narrower than int needs one, an enum that has an insertion of ours
// keeps it only when it is still the right one. An enum the source gives
// a fixed type itself (C23) is left alone.
func (b *builder) wantEdits(us []*unit, have enumEdits) enumEdits {
	want := enumEdits{}
	seen := map[string]map[[2]int]bool{}
	for _, u := range us {
		for l := u.ast.TranslationUnit; l != nil; l = l.TranslationUnit {
			ed := l.ExternalDeclaration
			if ed == nil || ed.Declaration == nil {
				continue
			}
			walkEnums(reflect.ValueOf(ed.Declaration), map[uintptr]bool{}, func(es *cc.EnumSpecifier) {
				et, ok := es.Type().(*cc.EnumType)
				if !ok {
					return
				}
				pos := es.Token3.Position()
				file := pos.Filename
				if rest, ok := strings.CutPrefix(file, cfgAlias+"/"); ok {
					file = filepath.Join(b.fsys.alias, rest)
				}
				if file == "" || strings.HasPrefix(file, "<") || strings.HasPrefix(file, virtRoot) {
					return
				}
				// The column in the file as written: less the text inserted
				// before it on its line.
				col, ours := pos.Column, false
				for _, in := range have[file] {
					// Its '{' follows the inserted text.
					if in.line == pos.Line && in.col+shiftBefore(have[file], in)+len(in.text) == pos.Column {
						ours = true
					}
				}
				col -= shiftAt(have[file], pos.Line, pos.Column)
				if es.EnumTypeSpecifier != nil && !ours {
					return
				}
				t := shortType(et.Min(), et.Max())
				key := [2]int{pos.Line, col}
				if t == "" || seen[file][key] {
					return
				}
				if seen[file] == nil {
					seen[file] = map[[2]int]bool{}
				}
				seen[file][key] = true
				want[file] = append(want[file], insertion{line: pos.Line, col: col, text: ": " + t + " "})
			})
		}
	}
	for _, ins := range want {
		sort.Slice(ins, func(i, j int) bool {
			if ins[i].line != ins[j].line {
				return ins[i].line < ins[j].line
			}
			return ins[i].col < ins[j].col
		})
	}
	return want
}

// shiftAt returns the bytes inserted on line before column col of the
// edited text.
func shiftAt(ins []insertion, line, col int) int {
	n := 0
	for _, in := range ins {
		if in.line == line && in.col+n+len(in.text) <= col {
			n += len(in.text)
		}
	}
	return n
}

// shiftBefore returns the bytes inserted on the line of in before it.
func shiftBefore(ins []insertion, in insertion) int {
	n := 0
	for _, o := range ins {
		if o.line == in.line && o.col < in.col {
			n += len(o.text)
		}
	}
	return n
}

// setEdits makes the overlay serve the files with edits; the source
// cache starts afresh, as the texts changed.
func (b *builder) setEdits(e enumEdits) {
	b.fsys.mu.Lock()
	b.fsys.edits = e
	b.fsys.mu.Unlock()
	b.cache = &cc.SourceCache{}
}

func equalEdits(a, b enumEdits) bool {
	if len(a) != len(b) {
		return false
	}
	for f, x := range a {
		y := b[f]
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i] != y[i] {
				return false
			}
		}
	}
	return true
}

// editCache keeps the enum insertions of the last layout per tree and
// target: the next configuration of a run (or a test) starts with them,
// and wantEdits checks them, so that a layout is one translation instead
// of two when they still hold.
var editCache sync.Map // tree + "\x00" + target → enumEdits

// shortType returns the type gcc's -fshort-enums gives an enum with
// values in [min, max], "" when it is int-sized anyway.
func shortType(min int64, max uint64) string {
	switch {
	case min >= 0 && max <= 0xff:
		return "unsigned char"
	case min >= 0 && max <= 0xffff:
		return "unsigned short"
	case min >= -0x80 && max <= 0x7f:
		return "signed char"
	case min >= -0x8000 && max <= 0x7fff:
		return "short"
	}
	return ""
}

var enumSpecType = reflect.TypeOf((*cc.EnumSpecifier)(nil))

// walkEnums calls f for every enum definition under v (an AST node),
// following exported fields only.
func walkEnums(v reflect.Value, seen map[uintptr]bool, f func(*cc.EnumSpecifier)) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		if v.Type() == enumSpecType {
			es := v.Interface().(*cc.EnumSpecifier)
			if es.Case == cc.EnumSpecifierDef {
				f(es)
			}
		}
		walkEnums(v.Elem(), seen, f)
	case reflect.Interface:
		if !v.IsNil() {
			walkEnums(v.Elem(), seen, f)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			if sf := t.Field(i); sf.IsExported() && !sf.Anonymous {
				walkEnums(v.Field(i), seen, f)
			}
		}
	}
}

// objectSize returns the size of the file-scope object name of ast, and
// whether it is declared as a complete object.
func objectSize(ast *cc.AST, name string) (int64, bool) {
	for _, n := range ast.Scope.Nodes[name] {
		d, ok := n.(*cc.Declarator)
		if !ok {
			continue
		}
		t := d.Type()
		if t == nil || t.IsIncomplete() {
			continue
		}
		if _, ok := t.(*cc.FunctionType); ok {
			continue
		}
		return t.Size(), true
	}
	return 0, false
}

// arrayLen returns the length of the probe array name less one.
func arrayLen(ast *cc.AST, name string) (int64, bool) {
	for _, n := range ast.Scope.Nodes[name] {
		if d, ok := n.(*cc.Declarator); ok {
			if at, ok := d.Type().(*cc.ArrayType); ok && !at.IsIncomplete() {
				return at.Len() - 1, true
			}
		}
	}
	return 0, false
}

// probeNames returns the pool names of the probe's arrays, in the order
// memp_std.h lists them.
func probeNames(ast *cc.AST) []string {
	type named struct {
		name string
		off  int
	}
	var ns []named
	for name, nodes := range ast.Scope.Nodes {
		p, ok := strings.CutPrefix(name, "lwiplint_num_")
		if !ok || len(nodes) == 0 {
			continue
		}
		ns = append(ns, named{p, nodes[0].Position().Line})
	}
	sort.Slice(ns, func(i, j int) bool { return ns[i].off < ns[j].off || ns[i].off == ns[j].off && ns[i].name < ns[j].name })
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.name
	}
	return out
}

var _ io.Reader = (*memFile)(nil)
