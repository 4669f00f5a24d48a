package lwipopts

import (
	"archive/tar"
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
	"github.com/lwiplint/lwiplint/lwipopts/internal/gccoracle"
)

// The ESP-IDF differential configurations (testdata/espidf/<name>/): an
// sdkconfig, the sdkconfig.h kconfgen wrote for it (lwipopts/espidf
// TestKconfgenAgrees) and gcc.want, the value gcc gives every lwIP option
// over ESP-IDF's real headers (TestESPIDFGCC, local, with mirrors), with
// the target's freestanding C headers as lwiplint serves them (<limits.h>
// for RECV_BUFSIZE_DEFAULT INT_MAX, <inttypes.h> for the port's S32_F
// PRId32). TestESPIDFGCCFixtures checks every value in CI.

// TestESPIDFGCCFixtures checks in CI.

func espidfFixtures(t *testing.T) []string {
	t.Helper()
	ds, _ := filepath.Glob("../testdata/espidf/*/sdkconfig")
	if len(ds) < 20 {
		t.Fatalf("%d ESP-IDF differential configurations; want at least 20", len(ds))
	}
	return ds
}

// gitArchive extracts the files of commit that keep selects from the git
// directory gitDir into dst.
func gitArchive(t *testing.T, gitDir, commit, dst string, keep func(string) bool) {
	t.Helper()
	out, err := exec.Command("git", "--git-dir="+gitDir, "ls-tree", "-r", "--name-only", commit).Output()
	if err != nil {
		t.Fatalf("git ls-tree %s: %v", commit, err)
	}
	var paths []string
	for _, p := range strings.Split(string(out), "\n") {
		if p != "" && keep(p) {
			paths = append(paths, p)
		}
	}
	cmd := exec.Command("git", append([]string{"--git-dir=" + gitDir, "archive", "--format=tar", commit, "--"}, paths...)...)
	tb, err := cmd.Output()
	if err != nil {
		t.Fatalf("git archive %s: %v", commit, err)
	}
	tr := tar.NewReader(bytes.NewReader(tb))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		p := filepath.Join(dst, h.Name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		b, _ := io.ReadAll(tr)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var xtensaTargets = map[string]bool{"esp32": true, "esp32s2": true, "esp32s3": true}

// idfIncludeDirs are the include directories of an ESP-IDF tree at root
// for target: every components/**/include directory, without those of
// other targets, other architectures and the linux port, the lwIP port's
// first.
func idfIncludeDirs(root, target string) []string {
	arch := "riscv"
	if xtensaTargets[target] {
		arch = "xtensa"
	}
	others := map[string]bool{"linux": true, "xtensa": arch != "xtensa", "riscv": arch != "riscv"}
	socs, _ := filepath.Glob(filepath.Join(root, "components", "soc", "*"))
	for _, s := range socs {
		if b := filepath.Base(s); b != target && b != "include" && b != "linux" {
			others[b] = true
		}
	}
	// The port's directories: ESP-IDF 5.1 on, and before it
	// (port/esp32/include, whatever the target).
	var first []string
	for _, d := range []string{"components/lwip/port/include", "components/lwip/port/esp32xx/include",
		"components/lwip/port/freertos/include", "components/lwip/port/esp32/include", "components/lwip/include/apps"} {
		if fi, err := os.Stat(filepath.Join(root, d)); err == nil && fi.IsDir() {
			first = append(first, filepath.Join(root, d))
		}
	}
	var dirs []string
	filepath.WalkDir(filepath.Join(root, "components"), func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if others[d.Name()] {
			return filepath.SkipDir
		}
		if d.Name() == "include" {
			dirs = append(dirs, p)
		}
		return nil
	})
	sort.Strings(dirs)
	// FreeRTOSConfig.h includes "freertos/FreeRTOSConfig_arch.h" and
	// portmacro.h from the architecture's directories.
	return append(first, dirs...)
}

// TestESPIDFGCC compares, for every ESP-IDF differential configuration,
// the value lwiplint gives each lwIP option with what gcc's #if computes
// over ESP-IDF's own lwipopts.h, the port's arch/cc.h and the headers they
// include at the release's tag, esp-lwip at the commit the release pins,
// and kconfgen's sdkconfig.h, with -DNDEBUG when the build adds it. It
// needs mirrors of espressif/esp-idf and of esp-lwip ($LWIPLINT_MIRRORS);
// with LWIPLINT_UPDATE=1 it writes gcc.want for TestESPIDFGCCFixtures.
func TestESPIDFGCC(t *testing.T) {
	idf := testenv.Mirror("espressif/esp-idf")
	if idf == "" || !gccoracle.Available("gcc") {
		t.Skip("needs gcc and an espressif/esp-idf mirror in $LWIPLINT_MIRRORS")
	}
	if testing.Short() {
		t.Skip("slow")
	}
	lwipMirror := func(commit string) string {
		for _, r := range []string{"espressif/esp-lwip", "kamendov-maxim/esp-lwip"} {
			if d := testenv.Mirror(r); d != "" && exec.Command("git", "--git-dir="+d, "cat-file", "-e", commit+"^{commit}").Run() == nil {
				return d
			}
		}
		return ""
	}
	update := os.Getenv("LWIPLINT_UPDATE") != ""
	tmp := t.TempDir()
	trees := map[string]string{}
	tree := func(key string, extract func(dst string)) string {
		if d, ok := trees[key]; ok {
			return d
		}
		d := filepath.Join(tmp, strings.NewReplacer("/", "_", "@", "_").Replace(key))
		extract(d)
		trees[key] = d
		return d
	}
	loader := NewLoader()
	total, agree, substituted := 0, 0, 0
	// Per ESP-IDF release: values that agree, values compared,
	// configurations, and the esp-lwip commit gcc read.
	type tally struct {
		agree, total, configs int
		lwip                  string
	}
	per := map[string]*tally{}
	for _, sdk := range espidfFixtures(t) {
		dir := filepath.Dir(sdk)
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			cfg, err := loader.LoadESPIDF(sdk, Params{})
			if err != nil {
				t.Fatal(err)
			}
			tr := cfg.ESPIDF.Translation
			idfTree := tree("idf@"+tr.Version, func(dst string) {
				gitArchive(t, idf, tr.Version, dst, func(p string) bool {
					return strings.HasPrefix(p, "components/") && strings.HasSuffix(p, ".h")
				})
			})
			commit := tr.LwipCommit
			lm := lwipMirror(commit)
			if lm == "" {
				commit = tr.LwipTable
				lm = lwipMirror(commit)
				substituted++
				t.Logf("esp-lwip %.12s (pinned by %s) is in no mirror: gcc reads %.12s, which lwiplint's table stands in with", tr.LwipCommit, tr.Version, commit)
			}
			if lm == "" {
				t.Skipf("esp-lwip %.12s is in no mirror", commit)
			}
			lwipTree := tree("esp-lwip@"+commit, func(dst string) {
				gitArchive(t, lm, commit, dst, func(p string) bool { return strings.HasPrefix(p, "src/include/") })
			})
			var defs []string
			defs = append(defs, DefaultPredefined...)
			if s := tr.Symbols["COMPILER_OPTIMIZATION_ASSERTIONS_DISABLE"]; s != nil && s.Value == "y" {
				defs = append(defs, "NDEBUG") // ESP-IDF's CMakeLists.txt
			}
			names := append([]string(nil), cfg.Names()...)
			// A knob of the port's arch/cc.h.
			if !slicesContains(names, "LWIP_NOASSERT") {
				names = append(names, "LWIP_NOASSERT")
			}
			sort.Strings(names)
			// xtensa/config/core.h of esp32s2 and esp32s3 includes
			// "../hal.h" and "../xtensa-versions.h", which gccoracle cannot
			// stub: empty ones are found through stub/x (they declare the
			// core's HAL; no lwIP option depends on them).
			stub := filepath.Join(tmp, "stub")
			os.MkdirAll(filepath.Join(stub, "x"), 0o755)
			req := gccoracle.Request{
				LwipInclude: filepath.Join(lwipTree, "src", "include"),
				ConfigDir:   lwipoptsDir(idfTree),
				IncludeDirs: append(append([]string{dir}, idfIncludeDirs(idfTree, tr.Target)...), filepath.Join(stub, "x")),
				Defines:     defs,
				Headers:     cfg.res.prog.Roots[1:],
				Names:       names,
				// The target's freestanding C headers, as lwiplint serves
				// them (<limits.h> for RECV_BUFSIZE_DEFAULT INT_MAX): the
				// same ILP32 values as ESP-IDF's xtensa and riscv gcc.
				AfterDirs: []string{freestandingDir(t)},
			}
			var got map[string]gccoracle.Result
			for range 10 {
				got, err = gccoracle.Eval(context.Background(), req)
				m := relStub.FindStringSubmatch(fmt.Sprint(err))
				if m == nil {
					break
				}
				os.WriteFile(filepath.Join(stub, m[1]), nil, 0o644)
			}
			if err != nil && got == nil {
				t.Fatalf("gcc: %v", err)
			}
			var diffs []string
			var want strings.Builder
			pv := per[tr.Version]
			if pv == nil {
				pv = &tally{}
				per[tr.Version] = pv
			}
			pv.configs++
			pv.lwip = fmt.Sprintf("esp-lwip %.12s", commit)
			if commit != tr.LwipCommit {
				pv.lwip = fmt.Sprintf("esp-lwip %.12s standing in for the pinned %.12s, whose sources are in no mirror", commit, tr.LwipCommit)
			}
			for _, n := range names {
				g, o := got[n], cfg.Option(n)
				total++
				pv.total++
				before := agree
				switch {
				case g.FuncLike:
					total--
					pv.total--
					continue
				case g.Defined != o.Defined:
					diffs = append(diffs, fmt.Sprintf("%s: defined gcc=%v lwiplint=%v", n, g.Defined, o.Defined))
				case !g.Defined:
					agree++
				case g.HasValue != o.HasValue:
					diffs = append(diffs, fmt.Sprintf("%s: evaluates gcc=%v (%s, %q) lwiplint=%v (%s)", n, g.HasValue, g.Err, g.Expr, o.HasValue, o.Reason))
				case g.HasValue && (g.Value != o.Value.Int || g.Unsigned != o.Value.Unsigned):
					diffs = append(diffs, fmt.Sprintf("%s: value gcc=%s lwiplint=%v", n, g.String(), o.Value))
				default:
					agree++
				}
				pv.agree += agree - before
				switch {
				case !g.Defined:
					fmt.Fprintf(&want, "%s undefined\n", n)
				case g.HasValue:
					fmt.Fprintf(&want, "%s %s\n", n, g.String())
				default:
					fmt.Fprintf(&want, "%s unevaluable\n", n)
				}
			}
			if update {
				os.WriteFile(filepath.Join(dir, "gcc.want"), []byte(want.String()), 0o644)
			}
			if len(diffs) > 0 {
				if len(diffs) > 40 {
					diffs = append(diffs[:40], fmt.Sprintf("… and %d more", len(diffs)-40))
				}
				t.Errorf("%d of %d options differ from gcc:\n%s", len(diffs), len(names), strings.Join(diffs, "\n"))
			}
		})
	}
	var vs []string
	for v := range per {
		vs = append(vs, v)
	}
	sort.Slice(vs, func(i, j int) bool { return espidfVersionLess(vs[i], vs[j]) })
	for _, v := range vs {
		p := per[v]
		t.Logf("gcc, ESP-IDF %s: %d of %d option values agree over %d configurations (%s)", v, p.agree, p.total, p.configs, p.lwip)
	}
	ran := 0
	for _, p := range per {
		ran += p.configs
	}
	t.Logf("gcc: %d of %d option values agree over %d configurations (%d with a substitute esp-lwip commit)", agree, total, ran, substituted)
}

// TestESPIDFGCCFixtures checks every ESP-IDF differential configuration
// against the values gcc gave (gcc.want, written by TestESPIDFGCC): it
// needs no mirror and runs in CI.
func TestESPIDFGCCFixtures(t *testing.T) {
	loader := NewLoader()
	total := 0
	for _, sdk := range espidfFixtures(t) {
		dir := filepath.Dir(sdk)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			f, err := os.Open(filepath.Join(dir, "gcc.want"))
			if err != nil {
				t.Fatalf("%v (LWIPLINT_UPDATE=1 go test ./lwipopts -run TestESPIDFGCC writes it)", err)
			}
			defer f.Close()
			cfg, err := loader.LoadESPIDF(sdk, Params{})
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				name, val, _ := strings.Cut(sc.Text(), " ")
				o := cfg.Option(name)
				var mine string
				switch {
				case o == nil || !o.Defined:
					mine = "undefined"
				case !o.HasValue:
					mine = "unevaluable"
				default:
					mine = gccoracle.Result{Defined: true, HasValue: true, Value: o.Value.Int, Unsigned: o.Value.Unsigned}.String()
				}
				if mine != val {
					t.Errorf("%s: lwiplint %s, gcc %s", name, mine, val)
				}
				total++
			}
		})
	}
	t.Logf("%d option values checked against gcc", total)
}

var relStub = regexp.MustCompile(`cannot stub missing header "\.\./([A-Za-z0-9_.-]+)"`)

// lwipoptsDir is the directory of ESP-IDF's lwipopts.h in the tree at root
// (components/lwip/port/include from 5.1, port/esp32/include before).
func lwipoptsDir(root string) string {
	for _, d := range []string{"components/lwip/port/include", "components/lwip/port/esp32/include"} {
		if _, err := os.Stat(filepath.Join(root, d, "lwipopts.h")); err == nil {
			return filepath.Join(root, d)
		}
	}
	return filepath.Join(root, "components/lwip/port/include")
}

// espidfVersionLess orders "v5.1.2" before "v5.10.0".
func espidfVersionLess(a, b string) bool {
	pa, pb := strings.Split(strings.TrimPrefix(a, "v"), "."), strings.Split(strings.TrimPrefix(b, "v"), ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		var x, y int
		fmt.Sscan(pa[i], &x)
		fmt.Sscan(pb[i], &y)
		if x != y {
			return x < y
		}
	}
	return len(pa) < len(pb)
}

func slicesContains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}
