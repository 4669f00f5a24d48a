package lwipopts

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/lwiplint/lwiplint/internal/bincode"
	"github.com/lwiplint/lwiplint/internal/testenv"
)

// copyDir copies the files below from to to (os.CopyFS).
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}

// TestTreeCache checks the on-disk cache of reduced trees: a Loader that
// reads a tree from it resolves every fixture exactly as one that reduced
// the tree itself (options, origins, notes, errors, inputs); an edited
// header, a header added to the tree, another key and a damaged entry are
// not used.
func TestTreeCache(t *testing.T) {
	testenv.Require(t, testenv.HaveDebianLwip(), "Debian liblwip-dev")
	old := treeRacy
	treeRacy = 0
	defer func() { treeRacy = old }()
	tree := filepath.Join(t.TempDir(), "lwip")
	copyDir(t, debianLwip, tree)
	cache := &TreeCache{Dir: t.TempDir(), Key: "test"}

	newLoader := func() *Loader {
		l := NewLoader()
		l.TreeCache = cache
		return l
	}
	fresh, first := NewLoader(), newLoader()
	for _, fx := range fixtures(t) {
		p := fx.Params
		p.LwipDir = tree
		want, errW := fresh.Load(fx.File, p)
		// The first load of the first Loader reduces the tree and stores
		// it; a new Loader per fixture then reads it from the cache.
		l := first
		if first.treeHits.Load() == 0 && first.trees["dir:"+tree] != nil {
			l = newLoader()
		}
		got, errG := l.Load(fx.File, p)
		if (errW == nil) != (errG == nil) {
			t.Fatalf("%s: errors differ: %v, %v", fx.Name, errW, errG)
		}
		if errW != nil {
			continue
		}
		if l != first && l.treeHits.Load() != 1 {
			t.Fatalf("%s: the tree was not read from the cache", fx.Name)
		}
		sameSnapshot(t, want, got)
		wi, _ := want.Inputs()
		gi, _ := got.Inputs()
		if !reflect.DeepEqual(wi, gi) {
			t.Fatalf("%s: inputs differ", fx.Name)
		}
	}

	cfg := filepath.Join(t.TempDir(), "lwipopts.h")
	if err := os.WriteFile(cfg, []byte("#define LWIP_TCP 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	load := func(name string, wantHit bool) *Config {
		t.Helper()
		l := newLoader()
		c, err := l.Load(cfg, Params{LwipDir: tree})
		if err != nil {
			t.Fatal(err)
		}
		if hit := l.treeHits.Load() == 1; hit != wantHit {
			t.Fatalf("%s: cache hit = %v, want %v", name, hit, wantHit)
		}
		return c
	}
	load("unchanged", true)

	// An edited header: the new default is used.
	time.Sleep(20 * time.Millisecond)
	opt := filepath.Join(tree, "lwip", "opt.h")
	b, err := os.ReadFile(opt)
	if err != nil {
		t.Fatal(err)
	}
	b2 := bytes.Replace(b, []byte("#define TCP_MSS                         536"), []byte("#define TCP_MSS                         777"), 1)
	if bytes.Equal(b, b2) || os.WriteFile(opt, b2, 0o644) != nil {
		t.Fatal("cannot edit opt.h")
	}
	if c := load("edited opt.h", false); c.Option("TCP_MSS").Value.Int != 777 {
		t.Fatalf("TCP_MSS = %d after the edit", c.Option("TCP_MSS").Value.Int)
	}
	load("edited opt.h, again", true)

	// A header created where the reduction looked: the root headers
	// include every lwip/apps/*_opts.h, so a new one changes the listing
	// of lwip/apps, whose times the entry holds.
	time.Sleep(20 * time.Millisecond)
	if err := os.WriteFile(filepath.Join(tree, "lwip", "apps", "zz_new_opts.h"), []byte("#if !defined ZZ_NEW_OPTION\n#define ZZ_NEW_OPTION 5\n#endif\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if c := load("new header", false); c.Option("ZZ_NEW_OPTION").Value.Int != 5 {
		t.Fatalf("the new header's option is not there: %+v", c.Option("ZZ_NEW_OPTION"))
	}
	load("new header, again", true)

	// Another key, then a damaged entry.
	cache.Key = "other"
	load("other key", false)
	entries, _ := filepath.Glob(filepath.Join(cache.Dir, "trees", "*", "*"))
	for _, e := range entries {
		data, _ := os.ReadFile(e)
		os.WriteFile(e, data[:len(data)/2], 0o644)
	}
	load("damaged entry", false)
	load("rewritten entry", true)
}

// TestTreeCacheRacy checks that a tree with a file changed just before the
// reduction is not stored.
func TestTreeCacheRacy(t *testing.T) {
	testenv.Require(t, testenv.HaveDebianLwip(), "Debian liblwip-dev")
	tree := filepath.Join(t.TempDir(), "lwip")
	copyDir(t, debianLwip, tree) // every file new: within treeRacy
	cache := &TreeCache{Dir: t.TempDir(), Key: "test"}
	cfg := filepath.Join(t.TempDir(), "lwipopts.h")
	os.WriteFile(cfg, []byte("#define LWIP_TCP 1\n"), 0o644)
	l := NewLoader()
	l.TreeCache = cache
	if _, err := l.Load(cfg, Params{LwipDir: tree}); err != nil {
		t.Fatal(err)
	}
	if entries, _ := filepath.Glob(filepath.Join(cache.Dir, "trees", "*", "*")); len(entries) != 0 {
		t.Fatalf("a tree changed just now was stored: %v", entries)
	}
}

// TestTreeCacheAnalysis checks the analysis a tree entry carries: decoded,
// it equals what analyze and lwipSource.tokens compute from Debian's
// headers (directives, options, tokens, #define macros); a decoded
// program's files scan to the same
// directives (cc/v4 reads them: every fixture then resolves through cc/v4
// as with a fresh reduction); and no cut of an entry decodes.
func TestTreeCacheAnalysis(t *testing.T) {
	testenv.Require(t, testenv.HaveDebianLwip(), "Debian liblwip-dev")
	abs, _ := filepath.Abs(debianLwip)
	fresh := NewLoader()
	cfg := filepath.Join(t.TempDir(), "lwipopts.h")
	if err := os.WriteFile(cfg, []byte("#define LWIP_TCP 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.Load(cfg, Params{LwipDir: debianLwip}); err != nil {
		t.Fatal(err)
	}
	want := fresh.trees["dir:"+abs].prog
	data := encodeProgram(want, "k", abs)
	got, err := decodeProgram(data, "k", abs)
	if err != nil {
		t.Fatal(err)
	}
	// A fresh program to compare with: want has been analyzed by encoding.
	if !got.analyzed || !reflect.DeepEqual(got.dirs, want.dirs) || !reflect.DeepEqual(got.optNames, want.optNames) || !reflect.DeepEqual(got.options, want.options) {
		t.Fatal("decoded directives or options differ from the analysis")
	}
	if len(got.dirs) == 0 || len(got.options) < 300 {
		t.Fatalf("analysis too small to test: %d files, %d options", len(got.dirs), len(got.options))
	}
	ntok := 0
	for rel := range want.dirs {
		wt, wb, wd := want.source(rel).tokens()
		gt, gb, gd := got.source(rel).tokens()
		if !reflect.DeepEqual(wt, gt) || !reflect.DeepEqual(wb, gb) || !reflect.DeepEqual(wd, gd) {
			t.Fatalf("%s: decoded tokens or macros differ", rel)
		}
		for _, ts := range gt {
			ntok += len(ts)
			if len(ts) != cap(ts) {
				t.Fatalf("%s: a directive's tokens have room to append into the next's", rel)
			}
		}
	}
	if ntok < 10000 {
		t.Fatalf("only %d tokens decoded", ntok)
	}
	got.scanFiles()
	for rel, sc := range got.scans {
		if !reflect.DeepEqual(sc.Dirs, got.dirs[rel]) {
			t.Fatalf("%s: scanning the decoded file gives other directives", rel)
		}
	}
	if len(got.scans) != len(got.dirs) {
		t.Fatalf("%d files scan, %d decoded", len(got.scans), len(got.dirs))
	}
	for cut := 0; cut < len(data); cut += 1 + len(data)/2000 {
		if _, err := decodeProgram(data[:cut], "k", abs); err == nil {
			t.Fatalf("entry cut at %d of %d bytes decoded", cut, len(data))
		}
	}

	// cc/v4 reads the reduced headers as text (servedText): a decoded
	// program resolves every fixture as a fresh one.
	ccFresh := NewLoader()
	ccFresh.noInterp = true
	for _, fx := range fixtures(t) {
		p := fx.Params
		p.LwipDir = debianLwip
		dec, err := decodeProgram(data, "k", abs)
		if err != nil {
			t.Fatal(err)
		}
		ccCached := NewLoader()
		ccCached.noInterp = true
		ccCached.trees["dir:"+abs] = &treeEntry{prog: dec}
		ccCached.trees["dir:"+abs].once.Do(func() {})
		w, errW := ccFresh.Load(fx.File, p)
		g, errG := ccCached.Load(fx.File, p)
		if (errW == nil) != (errG == nil) {
			t.Fatalf("%s: errors differ: %v, %v", fx.Name, errW, errG)
		}
		if errW == nil {
			sameSnapshot(t, w, g)
		}
	}
}

// TestTreeCacheWhole checks the headers a release tree's entry carries
// whole, for Config.Preprocess: decoded, each equals the header the
// reduction scanned (text, directives, tokens, macros); every fixture
// preprocesses src/core/init.c through a cached tree to the same #error
// lines and inputs as through a fresh reduction; and an entry of Debian's
// headers, which have no init.c, carries none.
func TestTreeCacheWhole(t *testing.T) {
	dir := os.Getenv("LWIPLINT_LWIP_SOURCES")
	top := filepath.Join(dir, "lwip-2.1.3")
	_, err := os.Stat(filepath.Join(top, "src", "core", "init.c"))
	testenv.Require(t, dir != "" && err == nil, "lwIP 2.1.3 release sources (LWIPLINT_LWIP_SOURCES)")
	old := treeRacy
	treeRacy = 0
	defer func() { treeRacy = old }()
	tree := filepath.Join(t.TempDir(), "lwip")
	copyDir(t, filepath.Join(top, "src"), tree)
	inc, initc := filepath.Join(tree, "include"), filepath.Join(tree, "core", "init.c")
	cache := &TreeCache{Dir: t.TempDir(), Key: "test"}

	fresh := NewLoader()
	first := NewLoader()
	first.TreeCache = cache
	for i, fx := range fixtures(t) {
		p := fx.Params
		p.LwipDir = inc
		l := first
		if i > 0 {
			l = NewLoader()
			l.TreeCache = cache
		}
		want, errW := fresh.Load(fx.File, p)
		got, errG := l.Load(fx.File, p)
		if (errW == nil) != (errG == nil) {
			t.Fatalf("%s: errors differ: %v, %v", fx.Name, errW, errG)
		}
		if errW != nil {
			continue
		}
		if i > 0 && l.treeHits.Load() != 1 {
			t.Fatalf("%s: the tree was not read from the cache", fx.Name)
		}
		wn, errW := want.Preprocess(initc)
		gn, errG := got.Preprocess(initc)
		if !reflect.DeepEqual(wn, gn) || (errW == nil) != (errG == nil) {
			t.Fatalf("%s: Preprocess differs:\n%v %v\n%v %v", fx.Name, wn, errW, gn, errG)
		}
		wi, _ := want.Inputs()
		gi, _ := got.Inputs()
		if !reflect.DeepEqual(wi, gi) {
			t.Fatalf("%s: inputs differ", fx.Name)
		}
	}

	abs, _ := filepath.Abs(inc)
	prog := fresh.trees["dir:"+abs].prog
	dec, err := decodeProgram(encodeProgram(prog, "k", abs), "k", abs)
	if err != nil {
		t.Fatal(err)
	}
	if len(prog.whole) < 30 || len(dec.whole) != len(prog.whole) {
		t.Fatalf("%d headers whole decoded, %d scanned", len(dec.whole), len(prog.whole))
	}
	for rel, w := range prog.whole {
		g := dec.whole[rel]
		wt, wb, wd := w.tokens()
		gt, gb, gd := g.tokens()
		if g == nil || !bytes.Equal(g.src, w.src) || !reflect.DeepEqual(g.dirs, w.dirs) ||
			!reflect.DeepEqual(wt, gt) || !reflect.DeepEqual(wb, gb) || !reflect.DeepEqual(wd, gd) {
			t.Fatalf("%s: the decoded header differs", rel)
		}
	}

	dl := NewLoader()
	cfg := filepath.Join(t.TempDir(), "lwipopts.h")
	os.WriteFile(cfg, []byte("#define LWIP_TCP 1\n"), 0o644)
	if _, err := dl.Load(cfg, Params{LwipDir: debianLwip}); err != nil {
		t.Fatal(err)
	}
	dabs, _ := filepath.Abs(debianLwip)
	dp := dl.trees["dir:"+dabs].prog
	if d, err := decodeProgram(encodeProgram(dp, "k", dabs), "k", dabs); err != nil || d.whole != nil {
		t.Fatalf("Debian's headers: %d headers whole in the entry, %v", len(d.whole), err)
	}
}

// FuzzTreeEntry decodes changed tree cache entries (made from the built-in
// 2.1.3 program, with one header read whole): no panic, and a program that
// decodes can be rendered and read by the interpreter without one either
// (the checks on line numbers, directive offsets and token counts).
func FuzzTreeEntry(f *testing.F) {
	prog, err := NewLoader().builtin("2.1.3")
	if err != nil {
		f.Fatal(err)
	}
	src := []byte("#ifndef X\n#define X(a, b) ((a) + (b))\n#endif\n#error x\n")
	sc, err := scanSource("lwip/opt.h", src)
	if err != nil {
		f.Fatal(err)
	}
	small := &program{Version: "2.1.3", Files: map[string][]progLine{"lwip/opt.h": {{Line: 1, Text: "#ifndef X"}, {Line: 2, Text: "#define X 1"}, {Line: 3, Text: "#endif"}}}, Roots: []string{"lwip/opt.h"}}
	small.whole = map[string]*lwipSource{"lwip/opt.h": {dirs: sc.Dirs, src: sc.Src}}
	dir := f.TempDir()
	os.MkdirAll(filepath.Join(dir, "core"), 0o755)
	os.WriteFile(filepath.Join(dir, "core", "init.c"), nil, 0o644)
	root := filepath.Join(dir, "include") // ../core/init.c: the headers read whole go in
	f.Add(encodeProgram(small, "k", root))
	f.Add(encodeProgram(prog, "k", root))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := decodeProgram(data, "k", root)
		if err != nil {
			return
		}
		p.render()
		for rel := range p.dirs {
			p.source(rel).tokens()
		}
		for _, s := range p.whole {
			for _, d := range s.dirs {
				_ = s.src[d.First:d.End]
			}
		}
	})
}

// TestTreeEntryTokenCounts decodes an entry whose files each claim as many
// tokens as the bytes left could hold (were each claim allocated, the
// allocation would grow with the square of the entry's size): it is
// refused at the first false count, having allocated a small multiple of
// its size; with true counts the same entry decodes.
func TestTreeEntryTokenCounts(t *testing.T) {
	const files = 4000
	build := func(claim func(left int) int) []byte {
		// Written back to front, so that each claim can see what follows.
		tail := bincode.Writer{}
		tail.Uint(0) // options
		tail.Uint(0) // headers read whole
		tail.B = AppendFileStates(tail.B, nil)
		body := tail.B
		for range files {
			w := bincode.Writer{}
			w.Bool(true)
			w.Uint(0) // directives
			w.Uint(uint64(claim(len(body))))
			body = append(w.B, body...)
		}
		head := bincode.Writer{B: []byte(treeCacheFormat)}
		for _, s := range []string{"k", "/r", "2.1.3", ""} {
			head.Str(s)
		}
		head.Uint(0) // roots
		head.Uint(files)
		for i := range files {
			head.Str(fmt.Sprint(i))
			head.Uint(0) // lines
		}
		return append(head.B, body...)
	}
	entry := build(func(left int) int { return left / 3 })
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := decodeProgram(entry, "k", "/r")
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("an entry claiming more tokens than it holds decoded")
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64*uint64(len(entry)) {
		t.Fatalf("decoding a %d-byte entry allocated %d bytes", len(entry), alloc)
	}
	if _, err := decodeProgram(build(func(int) int { return 0 }), "k", "/r"); err != nil {
		t.Fatalf("the same entry with true counts: %v", err)
	}
}

// TestTreeEntryLines checks that an entry's line numbers must ascend and
// stay within a file lwiplint would read: rendering the files for cc/v4
// writes a newline per line, so a line number of 2^36 would exhaust memory.
func TestTreeEntryLines(t *testing.T) {
	entry := func(lines ...progLine) []byte {
		// Taken as analyzed, with nothing: encoding does not render the
		// lines then.
		p := &program{Version: "2.1.3", Roots: []string{"lwip/opt.h"}, Files: map[string][]progLine{"lwip/opt.h": lines}, analyzed: true}
		return encodeProgram(p, "k", "/r")
	}
	if _, err := decodeProgram(entry(progLine{1, "#if 1"}, progLine{2, "#define A \\\n 1"}, progLine{4, "#endif"}), "k", "/r"); err != nil {
		t.Fatalf("ascending lines: %v", err)
	}
	for name, lines := range map[string][]progLine{
		"line 2^36":               {{1 << 36, "#define A 1"}},
		"line 0":                  {{0, "#define A 1"}},
		"descending":              {{5, "#if 1"}, {3, "#endif"}},
		"inside a continued line": {{1, "#define A \\\n 1"}, {2, "#define B 1"}},
	} {
		if _, err := decodeProgram(entry(lines...), "k", "/r"); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
}
