package espidf

// TestKconfgenAgrees runs ESP-IDF's own configuration tool, kconfgen
// (esp-idf-kconfig), over the ESP-IDF Kconfig tree for every fixture of
// testdata/translate and checks that the CONFIG_ values of its sdkconfig.h
// are the values this package computes. It needs git mirrors of
// espressif/esp-idf and espressif/esp-idf-kconfig and python3, and is
// skipped otherwise (as in CI).

import (
	"archive/tar"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
)

// kconfgenVersions are the esp-idf-kconfig releases run: 2.x is what
// ESP-IDF 5.x installs (esp-idf-kconfig docs/en/index.rst); 1.4.1 (with
// Kconfiglib 14.1.0, which it depended on) was current when ESP-IDF 5.1.2
// came out.
// ESP-IDF 5.5.5's Kconfig files no longer load with Kconfiglib 14.1.0
// (it fails on "help" under a menu), so 1.4.1 runs for 5.1.x only.
var kconfgenVersions = []struct {
	tag        string
	kconfiglib bool   // needs ulfalizer/Kconfiglib's kconfiglib.py
	upTo       string // newest ESP-IDF table to run it for ("" = all)
}{{"v2.5.4", false, ""}, {"v1.4.1", true, "v5.1.7"}}

func extractGit(t *testing.T, gitDir, tag, dst string, keep func(string) bool) {
	t.Helper()
	out, err := git(gitDir, "ls-tree", "-r", "--name-only", tag)
	if err != nil {
		t.Skip(err)
	}
	var paths []string
	for _, p := range strings.Split(string(out), "\n") {
		if p != "" && keep(p) {
			paths = append(paths, p)
		}
	}
	tarb, err := git(gitDir, append([]string{"archive", "--format=tar", tag, "--"}, paths...)...)
	if err != nil {
		t.Skip(err)
	}
	tr := tar.NewReader(bytes.NewReader(tarb))
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
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(tr)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestKconfgenAgrees(t *testing.T) {
	idfGit := needMirror(t)
	kcGit := testenv.Mirror("espressif/esp-idf-kconfig")
	if kcGit == "" {
		testenv.SkipLocal(t, "espressif/esp-idf-kconfig")
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	if testing.Short() {
		t.Skip("slow")
	}
	tmp := t.TempDir()
	trees := map[string]string{}
	totalCompared, configs := 0, map[string]bool{}
	// Per ESP-IDF release and esp-idf-kconfig release: values compared,
	// configurations (a difference fails the test).
	type tally struct{ values, configs int }
	per := map[string]*tally{}
	defer func() {
		var keys []string
		for k := range per {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			t.Logf("kconfgen %s: %d symbol values agree over %d configurations", k, per[k].values, per[k].configs)
		}
		t.Logf("kconfgen: %d symbol values compared over %d configurations", totalCompared, len(configs))
	}()
	tree := func(tag string) string {
		if d, ok := trees[tag]; ok {
			return d
		}
		d := filepath.Join(tmp, "idf-"+tag)
		extractGit(t, idfGit, tag, d, func(p string) bool {
			b := filepath.Base(p)
			return strings.HasPrefix(b, "Kconfig") || strings.HasPrefix(b, "sdkconfig.rename") || p == "tools/cmake/version.cmake"
		})
		trees[tag] = d
		return d
	}
	for _, kver := range kconfgenVersions {
		kv := kver.tag
		kdir := filepath.Join(tmp, "esp-idf-kconfig-"+kv)
		extractGit(t, kcGit, kv, kdir, func(p string) bool { return strings.HasSuffix(p, ".py") })
		if kver.kconfiglib {
			lib, err := git(testenv.Mirror("ulfalizer/Kconfiglib"), "show", "HEAD:kconfiglib.py")
			if testenv.Mirror("ulfalizer/Kconfiglib") == "" || err != nil {
				t.Logf("no Kconfiglib mirror: esp-idf-kconfig %s not run", kv)
				continue
			}
			if err := os.WriteFile(filepath.Join(kdir, "kconfiglib.py"), lib, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for _, fx := range append(loadFixtures(t), differentialFixtures(t)...) {
			if !fx.kconfgen || len(fx.files) == 0 || strings.HasSuffix(fx.files[len(fx.files)-1], ".h") {
				continue
			}
			t.Run(kv+"/"+fx.name, func(t *testing.T) {
				tr := fx.translate(t)
				if kver.upTo != "" && versionLess(kver.upTo, tr.Version) {
					t.Skipf("esp-idf-kconfig %s does not read ESP-IDF %s's Kconfig", kv, tr.Version)
				}
				idf := tree(tr.Version)
				hdr := runKconfgen(t, python, kdir, idf, tr, fx)
				compared, unknown := compareHeader(t, tr, hdr)
				t.Logf("%d symbols compared, %d unknown to lwiplint", compared, unknown)
				// The differential configurations keep kconfgen's header
				// (of the newest esp-idf-kconfig) for the gcc comparison
				// (lwipopts TestESPIDFGCC) and CI (TestDifferentialHeaders).
				if fx.out != "" && kv == kconfgenVersions[0].tag && os.Getenv("LWIPLINT_UPDATE") != "" {
					b, err := os.ReadFile(hdr)
					if err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(fx.out, b, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				totalCompared += compared
				configs[fx.name] = true
				k := "ESP-IDF " + tr.Version + ", esp-idf-kconfig " + kv
				if per[k] == nil {
					per[k] = &tally{}
				}
				if !t.Failed() {
					per[k].values += compared
					per[k].configs++
				}
			})
		}
	}
}

// compareHeader checks the computed symbol values of tr against the
// sdkconfig.h that kconfgen wrote (hdr) and returns how many were
// compared and how many lwiplint does not know.
func compareHeader(t *testing.T, tr *Translation, hdr string) (compared, unknown int) {
	t.Helper()
	got, err := ReadFile(hdr)
	if err != nil {
		t.Fatal(err)
	}
	theirs := map[string]string{}
	for _, e := range got.Entries {
		if !e.Alias {
			theirs[e.Name] = e.Value
		}
	}
	var names []string
	for n := range tr.Symbols {
		names = append(names, n)
	}
	sort.Strings(names)
	unknown = 0
	for _, n := range names {
		s := tr.Symbols[n]
		if !s.Known {
			unknown++
			continue
		}
		mine, ok := "", s.Defined
		if ok {
			mine = s.Value
			switch s.Type {
			case "bool":
				mine = "1"
			case "string":
				mine = `"` + escapeKconfig(s.Value) + `"`
			case "hex":
				if !strings.HasPrefix(strings.ToLower(mine), "0x") {
					mine = "0x" + mine
				}
			}
		}
		th, tok := theirs[n]
		if ok != tok || mine != th {
			t.Errorf("CONFIG_%s: lwiplint %q (defined %v, %s), kconfgen %q (defined %v)", n, mine, ok, s.Origin, th, tok)
		}
	}
	return len(names) - unknown, unknown
}

// TestDifferentialHeaders checks the configurations of testdata/espidf
// against the sdkconfig.h that kconfgen wrote for them (kept by
// TestKconfgenAgrees with LWIPLINT_UPDATE=1): it needs no mirror.
func TestDifferentialHeaders(t *testing.T) {
	fxs := differentialFixtures(t)
	if len(fxs) < 20 {
		t.Fatalf("%d differential configurations; want at least 20", len(fxs))
	}
	total := 0
	for _, fx := range fxs {
		t.Run(fx.name, func(t *testing.T) {
			if _, err := os.Stat(fx.out); err != nil {
				t.Fatalf("no kconfgen header: %v (LWIPLINT_UPDATE=1 go test -run TestKconfgenAgrees writes it)", err)
			}
			n, unknown := compareHeader(t, fx.translate(t), fx.out)
			if unknown > 0 {
				t.Errorf("%d symbols unknown to lwiplint", unknown)
			}
			total += n
		})
	}
	t.Logf("%d symbol values agree with kconfgen over %d configurations", total, len(fxs))
}
func runKconfgen(t *testing.T, python, kdir, idf string, tr *Translation, fx *fixture) string {
	t.Helper()
	out := t.TempDir()
	var kc, kcp, renames []string
	ms, _ := filepath.Glob(filepath.Join(idf, "components", "*", "Kconfig"))
	kc = append(kc, ms...)
	ms, _ = filepath.Glob(filepath.Join(idf, "components", "*", "Kconfig.projbuild"))
	kcp = append(kcp, ms...)
	ms, _ = filepath.Glob(filepath.Join(idf, "components", "*", "sdkconfig.rename"))
	renames = append(renames, ms...)
	ms, _ = filepath.Glob(filepath.Join(idf, "components", "*", "sdkconfig.rename."+tr.Target))
	renames = append(renames, ms...)
	sort.Strings(renames)
	src := func(ps []string) string {
		var b strings.Builder
		for _, p := range ps {
			b.WriteString("source \"" + p + "\"\n")
		}
		return b.String()
	}
	kcf, kcpf := filepath.Join(out, "kconfigs.in"), filepath.Join(out, "kconfigs_projbuild.in")
	os.WriteFile(kcf, []byte(src(kc)), 0o644)
	os.WriteFile(kcpf, []byte(src(kcp)), 0o644)
	args := []string{"-m", "kconfgen", "--list-separator=semicolon", "--kconfig", filepath.Join(idf, "Kconfig"),
		"--sdkconfig-rename", filepath.Join(idf, "sdkconfig.rename")}
	config := filepath.Join(out, "sdkconfig")
	for _, f := range fx.files {
		if KindOf(f) == KindDefaults {
			args = append(args, "--defaults", f)
		} else if KindOf(f) == KindSdkconfig {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(config, b, 0o644)
		}
	}
	hdr := filepath.Join(out, "sdkconfig.h")
	args = append(args, "--config", config, "--output", "header", hdr)
	cmd := exec.Command(python, args...)
	cmd.Dir = kdir
	ver := strings.TrimPrefix(tr.Version, "v")
	cmd.Env = append(os.Environ(), "PYTHONPATH="+kdir, "IDF_PATH="+idf, "IDF_TARGET="+tr.Target,
		"COMPONENT_KCONFIGS_SOURCE_FILE="+kcf, "COMPONENT_KCONFIGS_PROJBUILD_SOURCE_FILE="+kcpf,
		"COMPONENT_SDKCONFIG_RENAMES="+strings.Join(renames, ";"), "IDF_VERSION="+ver, "IDF_INIT_VERSION="+ver,
		"IDF_ENV_FPGA=", "IDF_TOOLCHAIN=gcc", "IDF_MINIMAL_BUILD=n")
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("kconfgen: %v\n%s", err, b)
	}
	return hdr
}
