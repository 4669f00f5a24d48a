package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lwiplint/lwiplint/internal/diskcache"
	"github.com/lwiplint/lwiplint/internal/testenv"
	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/report"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// testCache turns the result cache on for t, in a directory of its own,
// and lets it store results of files written just now (racyWindow 0).
func testCache(t *testing.T) {
	old := racyWindow
	racyWindow = 0
	t.Cleanup(func() { racyWindow = old })
	t.Setenv("LWIPLINT_CACHE_DIR", t.TempDir())
	t.Setenv("LWIPLINT_CACHE", "")
}

// cacheRun runs lwiplint check with args and reports its output, exit code
// and whether it read a result from the cache. Each run has a new loader,
// as a new process has: a loader takes the lwIP trees it has read as
// unchanging.
func cacheRun(t *testing.T, args ...string) (string, int, bool) {
	t.Helper()
	loader = lwipopts.NewLoader()
	before := cacheHits.Load()
	var out, errb bytes.Buffer
	code := run(append([]string{"check", "--color", "never", "--format", "concise"}, args...), &out, &errb)
	return out.String() + errb.String(), code, cacheHits.Load() > before
}

// writeFile writes data to dir/name, making the directories.
func writeFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestResultCache checks that a result is reused while nothing it was
// computed from changes, and recomputed after each kind of change: an
// edited configuration, an edited include, a header created earlier in the
// include path, a changed flag, a changed .lwiplint.toml, an edited lwIP
// tree header, a new lwIP tree on the search path; and that --no-cache and
// LWIPLINT_CACHE=0 read nothing.
func TestResultCache(t *testing.T) {
	testCache(t)

	dir := t.TempDir()
	cfg := writeFile(t, dir, "proj/lwipopts.h", "#include \"board.h\"\n#define TCP_MSS 536\n#define TCP_SND_BUF (TCP_MSS)\n")
	writeFile(t, dir, "inc/board.h", "#define MEM_SIZE 1600\n")
	inc := filepath.Join(dir, "inc")

	check := func(name string, wantHit bool, args ...string) string {
		t.Helper()
		out, code, hit := cacheRun(t, append(args, "-I", inc, "--lwip-version", "2.1.3", cfg)...)
		if hit != wantHit {
			t.Fatalf("%s: cache hit = %v, want %v\n%s", name, hit, wantHit, out)
		}
		// The same run without the cache gives the same output.
		args2 := append([]string{"--no-cache"}, args...)
		fresh, fcode, fhit := cacheRun(t, append(args2, "-I", inc, "--lwip-version", "2.1.3", cfg)...)
		if fhit || fresh != out || fcode != code {
			t.Fatalf("%s: cached run differs from --no-cache (hit %v):\n%s\nfresh (exit %d):\n%s", name, fhit, out, fcode, fresh)
		}
		return out
	}
	first := check("first run", false)
	if !strings.Contains(first, "lwipopts.h") {
		t.Fatalf("no findings to compare:\n%s", first)
	}
	check("second run", true)

	// The configuration edited.
	tick()
	writeFile(t, dir, "proj/lwipopts.h", "#include \"board.h\"\n#define TCP_MSS 1460\n#define TCP_SND_BUF (TCP_MSS)\n")
	if out := check("edited configuration", false); out == first {
		t.Fatalf("edited configuration: same output")
	}
	check("edited configuration, again", true)

	// The included header edited, with the same size.
	tick()
	writeFile(t, dir, "inc/board.h", "#define MEM_SIZE 1700\n")
	check("edited include", false)
	check("edited include, again", true)

	// A board.h created in the configuration's directory, which is
	// searched before -I.
	tick()
	writeFile(t, dir, "proj/board.h", "#define MEM_SIZE 100\n")
	check("shadowing header", false)
	check("shadowing header, again", true)

	// A flag changed, then a .lwiplint.toml added.
	check("new -D", false, "-D", "LWIP_DEBUG=1")
	check("new -D, again", true, "-D", "LWIP_DEBUG=1")
	tick()
	writeFile(t, dir, "proj/.lwiplint.toml", "ignore = [\"LW2\"]\n")
	check("new .lwiplint.toml", false)
	check("new .lwiplint.toml, again", true)

	// Every output format shows a cached result as it shows a fresh one.
	for _, format := range report.Formats() {
		var outs [2]string
		for i, flag := range []string{"--exit-zero", "--no-cache"} {
			before := cacheHits.Load()
			var out, errb bytes.Buffer
			loader = lwipopts.NewLoader()
			run([]string{"check", "--color", "never", "--format", format, flag, "-I", inc, "--lwip-version", "2.1.3", cfg}, &out, &errb)
			if hit := cacheHits.Load() > before; hit != (i == 0) {
				t.Fatalf("--format %s %s: cache hit = %v", format, flag, hit)
			}
			outs[i] = out.String() + errb.String()
		}
		if outs[0] != outs[1] {
			t.Errorf("--format %s: cached output differs:\n%s\nfresh:\n%s", format, outs[0], outs[1])
		}
	}

	// Off.
	t.Setenv("LWIPLINT_CACHE", "0")
	check("LWIPLINT_CACHE=0", false)
	t.Setenv("LWIPLINT_CACHE", "")
	check("cache on again", true)
}

// TestResultCacheTree checks the lwIP tree: a header of the tree edited,
// and a tree appearing next to a configuration that used the built-in
// tables.
func TestResultCacheTree(t *testing.T) {
	testenv.Require(t, testenv.HaveDebianLwip(), "Debian's liblwip-dev ("+testenv.DebianLwip+")")
	testCache(t)

	dir := t.TempDir()
	tree := filepath.Join(dir, "tree")
	copyTree(t, testenv.DebianLwip, tree)
	cfg := writeFile(t, dir, "proj/lwipopts.h", "#define TCP_MSS 536\n")

	run := func(name string, wantHit bool, args ...string) string {
		t.Helper()
		out, _, hit := cacheRun(t, append(args, cfg)...)
		if hit != wantHit {
			t.Fatalf("%s: cache hit = %v, want %v\n%s", name, hit, wantHit, out)
		}
		return out
	}
	run("tree", false, "--lwip", tree)
	run("tree, again", true, "--lwip", tree)
	tick()
	opt := filepath.Join(tree, "lwip", "opt.h")
	b, err := os.ReadFile(opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(opt, bytes.Replace(b, []byte("#define TCP_MSS                         536"), []byte("#define TCP_MSS                         537"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	run("edited opt.h", false, "--lwip", tree)
	run("edited opt.h, again", true, "--lwip", tree)

	// An init.c appearing where rule LW9003 looks for one (../core/init.c
	// from the include root).
	tick()
	writeFile(t, dir, "core/init.c", "#include \"lwip/opt.h\"\n#error \"a check of this fork\"\n")
	if out := run("init.c appeared", false, "--lwip", tree); !strings.Contains(out, "a check of this fork") {
		t.Fatalf("init.c appeared: its #error is not reported:\n%s", out)
	}
	run("init.c appeared, again", true, "--lwip", tree)
	tick()
	writeFile(t, dir, "core/init.c", "#include \"lwip/opt.h\"\n")
	if out := run("init.c edited", false, "--lwip", tree); strings.Contains(out, "a check of this fork") {
		t.Fatalf("init.c edited: the old #error is still reported:\n%s", out)
	}

	// No tree: the search walks up from proj; then a tree appears in it.
	builtin := run("no tree", false)
	run("no tree, again", true)
	tick()
	copyTree(t, testenv.DebianLwip, filepath.Join(dir, "proj", "lwip"))
	if out := run("tree appeared", false); out == builtin {
		t.Fatalf("the tree that appeared was not used:\n%s", out)
	}
}

// tick waits past the timestamp granularity of the file system, so that a
// file written next has a time of its own.
func tick() { time.Sleep(20 * time.Millisecond) }

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}

// TestCacheEntryRoundTrip checks that an entry keeps every field of the
// findings and inputs: they are filled by reflection, so a field added
// to lint.Finding (or what it holds) or to lwipopts.FileState that the
// entry encoding leaves out fails here. Nil and empty lists are kept
// apart, and truncated or altered entries are rejected.
func TestCacheEntryRoundTrip(t *testing.T) {
	n := 0
	var fill func(v reflect.Value, depth int)
	fill = func(v reflect.Value, depth int) {
		n++
		switch v.Kind() {
		case reflect.String:
			v.SetString(fmt.Sprintf("s%d\x00é", n))
		case reflect.Int, reflect.Int64:
			v.SetInt(int64(n) * -1000003)
		case reflect.Uint32, reflect.Uint64:
			v.SetUint(uint64(n) * 1000003)
		case reflect.Bool:
			v.SetBool(true)
		case reflect.Pointer:
			v.Set(reflect.New(v.Type().Elem()))
			fill(v.Elem(), depth)
		case reflect.Slice:
			v.Set(reflect.MakeSlice(v.Type(), 2, 2))
			for i := range 2 {
				fill(v.Index(i), depth)
			}
		case reflect.Struct:
			for i := range v.NumField() {
				if !v.Type().Field(i).IsExported() {
					t.Fatalf("%s has an unexported field %s", v.Type(), v.Type().Field(i).Name)
				}
				fill(v.Field(i), depth+1)
			}
		default:
			t.Fatalf("no filler for %s", v.Type())
		}
	}
	var full lint.Finding
	fill(reflect.ValueOf(&full).Elem(), 0)
	var in lwipopts.FileState
	fill(reflect.ValueOf(&in).Elem(), 0)
	empty := lint.Finding{Rule: "LW1001", KB: []string{}, Related: []lint.Related{}, Fix: &lint.Fix{Edits: []lint.Edit{}}, Source: []lint.SourceLine{}}
	want := cacheEntry{key: "key\x00text", inputs: []lwipopts.FileState{in, {Path: "gone", Missing: true}}, findings: []lint.Finding{full, empty, {}}}
	data := want.marshal()
	var got cacheEntry
	if err := got.unmarshal(data, want.key); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip:\ngot  %+v\nwant %+v", got, want)
	}
	if err := got.unmarshal(data, "other key"); err == nil {
		t.Error("an entry of another key was accepted")
	}
	for cut := range len(data) {
		if err := new(cacheEntry).unmarshal(data[:cut], want.key); err == nil {
			t.Fatalf("entry cut at %d of %d bytes accepted", cut, len(data))
		}
	}
	if err := new(cacheEntry).unmarshal(append(slices.Clone(data), 0), want.key); err == nil {
		t.Error("entry with a byte more accepted")
	}
}

// TestCacheTrim checks that entries unused for cacheMaxAge are removed,
// at most once per trimEvery, and that reading an entry renews it.
func TestCacheTrim(t *testing.T) {
	testCache(t)
	c := openCache()
	if c == nil {
		t.Fatal("no cache")
	}
	now := time.Now()
	stale, fresh := c.path("stale"), c.path("fresh")
	staleTree := diskcache.Path(filepath.Join(filepath.Dir(c.dir), "trees"), "stale tree")
	for _, p := range []string{stale, fresh, staleTree} {
		if err := diskcache.Write(p, []byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	// A file of the user's in the cache directory, as old: it stays.
	mine := writeFile(t, filepath.Dir(stale), "mine.txt", "not the cache's")
	age := func(p string, d time.Duration) {
		if err := os.Chtimes(p, now.Add(-d), now.Add(-d)); err != nil {
			t.Fatal(err)
		}
	}
	age(stale, cacheMaxAge+time.Hour)
	age(staleTree, cacheMaxAge+time.Hour)
	age(fresh, cacheMaxAge-time.Hour)
	age(mine, 10*cacheMaxAge)
	c.trim(now)
	if b, err := os.ReadFile(mine); err != nil || string(b) != "not the cache's" {
		t.Errorf("trim removed or changed the user's file: %q, %v", b, err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("stale entry kept")
	}
	if _, err := os.Stat(staleTree); err == nil {
		t.Error("stale tree kept")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("fresh entry removed")
	}
	// Within trimEvery of the last trim, nothing is removed.
	age(fresh, cacheMaxAge+time.Hour)
	c.trim(now.Add(trimEvery / 2))
	if _, err := os.Stat(fresh); err != nil {
		t.Error("trimmed twice within trimEvery")
	}

	// A real entry read from the cache gets a new time.
	dir := t.TempDir()
	cfg := writeFile(t, dir, "lwipopts.h", "#define TCP_MSS 536\n#define TCP_SND_BUF (TCP_MSS)\n")
	before, _ := filepath.Glob(filepath.Join(c.dir, "*", "*"))
	cacheRun(t, "--lwip-version", "2.1.3", cfg)
	after, _ := filepath.Glob(filepath.Join(c.dir, "*", "*"))
	// The run's own entry is the one file that was not there before
	// (the glob also lists the user's mine.txt, in whichever order the
	// hashed directory names sort).
	var written []string
	for _, e := range after {
		if !slices.Contains(before, e) {
			written = append(written, e)
		}
	}
	if len(written) != 1 {
		t.Fatalf("want one entry written by the run, got %v", written)
	}
	entry := written[0]
	age(entry, 3*trimEvery)
	if _, _, hit := cacheRun(t, "--lwip-version", "2.1.3", cfg); !hit {
		t.Fatal("no cache hit")
	}
	if fi, err := os.Stat(entry); err != nil || time.Since(fi.ModTime()) > time.Hour {
		t.Errorf("entry read but not renewed: %v", err)
	}
}
