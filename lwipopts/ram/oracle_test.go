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
	"github.com/lwiplint/lwiplint/lint/linttest"
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

// oracle is a compiler that builds for one of the targets.
type oracle struct {
	target, gcc, readelf string
	flags                []string
}

var (
	cortexM  = oracle{"cortex-m", "arm-none-eabi-gcc", "arm-none-eabi-readelf", []string{"-mcpu=cortex-m4", "-mthumb"}}
	otherABI = []oracle{
		{"cortex-m-int-enums", "arm-none-eabi-gcc", "arm-none-eabi-readelf", []string{"-mcpu=cortex-m4", "-mthumb", "-fno-short-enums"}},
		{"x86", "gcc", "readelf", []string{"-m32"}},
		{"x86-64", "gcc", "readelf", nil},
	}
)

// sizes compiles lwIP's file (memp.c, mem.c) of src with the oracle's
// compiler, the fixture's lwipopts.h, the fixtures' port and lwiplint's
// C library stubs (declarations only; the freestanding headers are the
// compiler's own), and returns the size of every object in the object
// file's symbol table.
func (o oracle) sizes(dir, src, name, file string) (map[string]int64, error) {
	gcc := o.gcc
	var inc []string
	for _, d := range []string{"include", "include-fixed"} {
		out, err := exec.Command(gcc, "-print-file-name="+d).Output()
		if err != nil {
			return nil, err
		}
		d := strings.TrimSpace(string(out))
		if !filepath.IsAbs(d) {
			// The host's gcc has no include-fixed: its limits.h ends in
			// an #include_next of the C library's, here an empty file.
			empty := filepath.Join(dir, "empty-libc")
			if err := os.MkdirAll(empty, 0o755); err != nil {
				return nil, err
			}
			if err := os.WriteFile(filepath.Join(empty, "limits.h"), nil, 0o644); err != nil {
				return nil, err
			}
			inc = append(inc, "-idirafter", empty)
			continue
		}
		inc = append(inc, "-isystem", d)
	}
	obj := filepath.Join(dir, o.target+"-"+name+"-"+strings.TrimSuffix(filepath.Base(file), ".c")+".o")
	args := append(append(append([]string(nil), o.flags...), "-Os", "-ffreestanding", "-nostdinc"), inc...)
	args = append(args,
		"-I", filepath.Join("testdata", "configs", name), "-I", filepath.Join("testdata", "port"),
		"-I", filepath.Join(src, "include"), "-I", filepath.Join("libc", "hosted"),
		"-c", filepath.Join(src, "core", file), "-o", obj)
	if out, err := exec.Command(gcc, args...).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("%s %s: %v\n%s", gcc, strings.Join(args, " "), err, out)
	}
	out, err := exec.Command(o.readelf, "-sW", obj).Output()
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
	runOracle(t, []oracle{cortexM}, fixtureNames(t), releaseSources(t, lwiprun.Versions...))
}

// TestOracleArmReleases does the same for the lwIP releases Debian does
// not publish, from a local mirror of lwIP's repository (a local check):
// 2.0.3 (other sanity-region macro names, another PBUF_POOL element),
// 2.1.2 and 2.2.0, on six fixtures.
func TestOracleArmReleases(t *testing.T) {
	if linttest.LwipGit() == "" {
		testenv.SkipLocal(t, "lwip-tcpip/lwip")
	}
	dir := t.TempDir()
	srcs := map[string]string{}
	for _, v := range []string{"2.0.3", "2.1.2", "2.2.0"} {
		srcs[v] = filepath.Join(linttest.ExtractTree(t, v, filepath.Join(dir, v)), "src")
	}
	runOracle(t, []oracle{cortexM}, []string{"dualstack", "mem-size-large", "memp-mem-malloc", "memp-overflow-check", "nosys1", "sockets"}, srcs)
}

// releaseSources returns the src directories of the versions under
// $LWIPLINT_LWIP_SOURCES (required: CI fetches them).
func releaseSources(t *testing.T, versions ...string) map[string]string {
	t.Helper()
	srcs := map[string]string{}
	for _, v := range versions {
		src := lwiprun.Sources(v)
		testenv.Require(t, src != "", "lwIP "+v+" release sources in $LWIPLINT_LWIP_SOURCES (.ci/lwip-sources DIR makes them)")
		srcs[v] = src
	}
	return srcs
}

// TestOracleTargets does the same for the other targets, on three
// fixtures and lwIP 2.2.1: arm-none-eabi-gcc -fno-short-enums, gcc -m32
// and gcc for x86-64.
func TestOracleTargets(t *testing.T) {
	runOracle(t, otherABI, []string{"dualstack", "memp-overflow-check", "sockets"}, releaseSources(t, "2.2.1"))
}

func runOracle(t *testing.T, oracles []oracle, names []string, srcs map[string]string) {
	for _, o := range oracles {
		_, errGCC := exec.LookPath(o.gcc)
		_, errELF := exec.LookPath(o.readelf)
		testenv.Require(t, errGCC == nil && errELF == nil, o.gcc+" and "+o.readelf)
	}
	tmp := t.TempDir()
	l := lwipopts.NewLoader()
	type result struct {
		o             oracle
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
	for v, src := range srcs {
		for _, o := range oracles {
			for _, name := range names {
				wg.Add(1)
				go func() {
					defer wg.Done()
					sem <- struct{}{}
					defer func() { <-sem }()
					r := result{o: o, version: v, name: name}
					r.lines, r.err = compare(t, o, l, tmp, v, src, name)
					mu.Lock()
					results = append(results, r)
					mu.Unlock()
				}()
			}
		}
	}
	wg.Wait()
	sort.Slice(results, func(i, j int) bool {
		if results[i].o.target != results[j].o.target {
			return results[i].o.target < results[j].o.target
		}
		if results[i].name != results[j].name {
			return results[i].name < results[j].name
		}
		return results[i].version < results[j].version
	})
	for _, r := range results {
		if r.err != nil {
			t.Errorf("%s %s × lwIP %s: %v", r.o.target, r.name, r.version, r.err)
			continue
		}
		t.Logf("%s %-20s lwIP %s: equal: %s", r.o.target, r.name, r.version, strings.Join(r.lines, ", "))
	}
}

// compare checks one fixture × version and returns its equal figures.
func compare(t *testing.T, o oracle, l *lwipopts.Loader, tmp, version, src, name string) ([]string, error) {
	dir := filepath.Join(tmp, version)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	want := map[string]int64{}
	for _, f := range []string{"memp.c", "mem.c"} {
		sizes, err := o.sizes(dir, src, name, f)
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
	target, err := LookupTarget(o.target)
	if err != nil {
		return nil, err
	}
	b, err := Compute(cfg, target)
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
