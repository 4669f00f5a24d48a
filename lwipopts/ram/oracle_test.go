package ram

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/lwiplint/lwiplint/internal/lwiprun"
	"github.com/lwiplint/lwiplint/internal/testenv"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// fixtureNames lists testdata/configs.
func fixtureNames(t *testing.T) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join("testdata", "configs"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out
}

// loadFixture loads testdata/configs/name against the lwIP tree src
// (its src directory) with the fixtures' port.
func loadFixture(t testing.TB, l *lwipopts.Loader, name, src string) *lwipopts.Config {
	t.Helper()
	port, _ := filepath.Abs(filepath.Join("testdata", "port"))
	cfg, err := l.Load(filepath.Join("testdata", "configs", name, "lwipopts.h"), lwipopts.Params{
		LwipDir:     filepath.Join(src, "include"),
		IncludeDirs: []string{port},
	})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return cfg
}

// armSizes compiles lwIP's file (memp.c, mem.c) of src with
// arm-none-eabi-gcc for a Cortex-M4, the fixture's lwipopts.h, the
// fixtures' port and lwiplint's C library stubs (declarations only; the
// freestanding headers are the compiler's own), and returns the size of
// every object in the object file's symbol table.
func armSizes(dir, src, name, file string) (map[string]int64, error) {
	gcc := "arm-none-eabi-gcc"
	var inc []string
	for _, d := range []string{"include", "include-fixed"} {
		out, err := exec.Command(gcc, "-print-file-name="+d).Output()
		if err != nil {
			return nil, err
		}
		inc = append(inc, "-isystem", strings.TrimSpace(string(out)))
	}
	obj := filepath.Join(dir, name+"-"+strings.TrimSuffix(filepath.Base(file), ".c")+".o")
	args := append([]string{"-mcpu=cortex-m4", "-mthumb", "-Os", "-ffreestanding", "-nostdinc"}, inc...)
	args = append(args,
		"-I", filepath.Join("testdata", "configs", name), "-I", filepath.Join("testdata", "port"),
		"-I", filepath.Join(src, "include"), "-I", filepath.Join("libc", "hosted"),
		"-c", filepath.Join(src, "core", file), "-o", obj)
	if out, err := exec.Command(gcc, args...).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("%s %s: %v\n%s", gcc, strings.Join(args, " "), err, out)
	}
	out, err := exec.Command("arm-none-eabi-readelf", "-sW", obj).Output()
	if err != nil {
		return nil, err
	}
	sizes := map[string]int64{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		// Num: Value Size Type Bind Vis Ndx Name
		f := strings.Fields(sc.Text())
		if len(f) == 8 && f[3] == "OBJECT" {
			n, err := strconv.ParseInt(f[2], 0, 64)
			if err != nil {
				return nil, fmt.Errorf("readelf: %q: %v", sc.Text(), err)
			}
			sizes[f[7]] = n
		}
	}
	return sizes, nil
}

// TestOracleArm requires, for every fixture and lwIP release, that the
// size of every pool array (memp_memory_<NAME>_base) and of ram_heap that
// Compute reports is the one arm-none-eabi-gcc gives the same arrays, and
// that the two agree on which arrays exist.
func TestOracleArm(t *testing.T) {
	_, errGCC := exec.LookPath("arm-none-eabi-gcc")
	_, errELF := exec.LookPath("arm-none-eabi-readelf")
	testenv.Require(t, errGCC == nil && errELF == nil, "arm-none-eabi-gcc and arm-none-eabi-readelf (Debian's gcc-arm-none-eabi)")
	names := fixtureNames(t)
	tmp := t.TempDir()
	l := lwipopts.NewLoader()
	type result struct {
		version, name string
		lines         []string
		err           error
	}
	var (
		mu      sync.Mutex
		results []result
		wg      sync.WaitGroup
		sem     = make(chan struct{}, 2)
	)
	for _, v := range lwiprun.Versions {
		src := lwiprun.Sources(v)
		testenv.Require(t, src != "", "lwIP "+v+" release sources in $LWIPLINT_LWIP_SOURCES (.ci/lwip-sources DIR makes them)")
		for _, name := range names {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				r := result{version: v, name: name}
				r.lines, r.err = compare(t, l, tmp, v, src, name)
				mu.Lock()
				results = append(results, r)
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	sort.Slice(results, func(i, j int) bool {
		if results[i].name != results[j].name {
			return results[i].name < results[j].name
		}
		return results[i].version < results[j].version
	})
	for _, r := range results {
		if r.err != nil {
			t.Errorf("%s × lwIP %s: %v", r.name, r.version, r.err)
			continue
		}
		t.Logf("%-20s lwIP %s: %s", r.name, r.version, strings.Join(r.lines, ", "))
	}
}

// compare checks one fixture × version and returns its equal figures.
func compare(t *testing.T, l *lwipopts.Loader, tmp, version, src, name string) ([]string, error) {
	dir := filepath.Join(tmp, version)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	want := map[string]int64{}
	for _, f := range []string{"memp.c", "mem.c"} {
		sizes, err := armSizes(dir, src, name, f)
		if err != nil {
			return nil, err
		}
		for sym, n := range sizes {
			if strings.HasPrefix(sym, "memp_memory_") && strings.HasSuffix(sym, "_base") || sym == "ram_heap" {
				want[sym] = n
			}
		}
	}
	cfg := loadFixture(t, l, name, src)
	b, err := Compute(cfg, nil)
	if err != nil {
		return nil, err
	}
	got := map[string]int64{}
	for _, p := range b.Pools {
		if p.Bytes > 0 {
			got["memp_memory_"+p.Name+"_base"] = p.Bytes
		}
	}
	if b.Heap.Static {
		got["ram_heap"] = b.Heap.Bytes
	}
	var problems, lines []string
	syms := map[string]bool{}
	for s := range want {
		syms[s] = true
	}
	for s := range got {
		syms[s] = true
	}
	var sorted []string
	for s := range syms {
		sorted = append(sorted, s)
	}
	sort.Strings(sorted)
	for _, s := range sorted {
		w, okw := want[s]
		g, okg := got[s]
		switch {
		case !okw:
			problems = append(problems, fmt.Sprintf("%s: lwiplint %d, not in the object file", s, g))
		case !okg:
			problems = append(problems, fmt.Sprintf("%s: object file %d, lwiplint has none", s, w))
		case w != g:
			problems = append(problems, fmt.Sprintf("%s: object file %d, lwiplint %d", s, w, g))
		default:
			lines = append(lines, fmt.Sprintf("%s=%d", strings.TrimSuffix(strings.TrimPrefix(s, "memp_memory_"), "_base"), g))
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	if b.MempMalloc && len(lines) != 1 {
		// Only ram_heap: MEMP_MEM_MALLOC declares no pool arrays.
		return nil, fmt.Errorf("MEMP_MEM_MALLOC: want ram_heap alone, have %v", lines)
	}
	if len(lines) == 0 {
		lines = []string{"no arrays in either"}
	}
	return lines, nil
}
