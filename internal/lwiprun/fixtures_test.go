package lwiprun

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
	"github.com/lwiplint/lwiplint/lint/linttest"
	"github.com/lwiplint/lwiplint/lwipopts"
	"golang.org/x/tools/txtar"
)

var builds *Cache

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "lwiprun-")
	if err != nil {
		panic(err) // no *testing.T yet
	}
	builds = NewCache(dir, 2)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// need returns lwIP version's sources, or skips the test (fails under
// CI=true, where .ci/run fetches them) without them or gcc.
func need(t *testing.T, version string) string {
	t.Helper()
	if _, ok := mirrorTags[version]; ok {
		return mirrorSources(t, version)
	}
	testenv.Require(t, testenv.GCC() != "", "gcc")
	src := Sources(version)
	testenv.Require(t, src != "", "lwIP "+version+" release sources in $LWIPLINT_LWIP_SOURCES (.ci/lwip-sources DIR makes them)")
	return src
}

// fixture is a configuration of the repository that timing reports on.
type fixture struct {
	name     string
	cfg      Config
	params   lwipopts.Params // lwiplint's view of the same flags
	versions []string        // nil: every [Versions]
}

// timingRules are the rules whose fixtures are about timing budgets.
var timingRules = []string{"LW1001", "LW1002", "LW1008", "LW1011"}

var (
	fixturesOnce sync.Once
	fixtureList  []fixture
	fixtureErr   error
)

// fixtures returns the shared configurations of testdata/configs and the
// lwipopts.h fixtures of the timing rules, extracted to a directory that
// lives as long as the test binary.
func fixtures(t *testing.T) []fixture {
	t.Helper()
	fixturesOnce.Do(func() { fixtureList, fixtureErr = loadFixtures(builds.Dir) })
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixtureList
}

func loadFixtures(scratch string) ([]fixture, error) {
	var out []fixture
	root, err := filepath.Abs(filepath.Join("..", "..", "testdata", "configs"))
	if err != nil {
		return nil, err
	}
	dirs, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	for _, d := range dirs {
		file := filepath.Join(root, d.Name(), "lwipopts.h")
		if _, err := os.Stat(file); err != nil {
			continue
		}
		flags, err := ReadArgs(filepath.Join(root, d.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, fixture{name: "configs/" + d.Name(), cfg: Config{Name: "configs/" + d.Name(), File: file, Flags: flags}, params: params(flags)})
	}
	for _, id := range timingRules {
		files, _ := filepath.Glob(filepath.Join("..", "..", "lint", "rules", "testdata", id, "*.txtar"))
		for _, f := range files {
			fx, err := linttest.Parse(f)
			if err != nil {
				return nil, err
			}
			if fx.ESPIDF() || !slices.ContainsFunc(fx.Archive.Files, func(f txtar.File) bool { return f.Name == "lwipopts.h" }) {
				continue // esp-lwip and FreeRTOS+TCP are not upstream lwIP
			}
			name := id + "/" + strings.TrimSuffix(filepath.Base(f), ".txtar")
			dir := filepath.Join(scratch, "fixtures", filepath.FromSlash(name))
			file, err := fx.Extract(dir)
			if err != nil {
				return nil, err
			}
			var vs []string
			for _, v := range fx.Versions {
				if slices.Contains(Versions, v) {
					vs = append(vs, v)
				}
			}
			if fx.Versions != nil && vs == nil {
				continue // only for versions Debian does not publish
			}
			out = append(out, fixture{name: name, cfg: Config{Name: name, File: file}, versions: vs})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}

// params turns gcc flags back into lwiplint's parameters.
func params(flags []string) lwipopts.Params {
	var p lwipopts.Params
	for i := 0; i+1 < len(flags); i += 2 {
		switch flags[i] {
		case "-I":
			p.IncludeDirs = append(p.IncludeDirs, flags[i+1])
		case "-D":
			p.Defines = append(p.Defines, flags[i+1])
		case "-include":
			p.Includes = append(p.Includes, flags[i+1])
		}
	}
	return p
}

// appliesTo reports whether fx is meant for version.
func (fx fixture) appliesTo(version string) bool {
	return fx.versions == nil || slices.Contains(fx.versions, version)
}

// timingMacros are the options the timing scenarios' outcomes depend on
// (one connection, a 10-byte write, the TCP timers): two configurations
// that agree on all of them, as gcc expands them with lwIP's own headers,
// share one harness build in [TestTimingAgrees]. A build takes a few CPU
// seconds, and most fixtures differ only in options these scenarios do not
// reach.
var timingMacros = []string{
	"TCP_TMR_INTERVAL", "TCP_SLOW_INTERVAL", "TCP_FAST_INTERVAL", "TCP_SYNMAXRTX", "TCP_MAXRTX", "LWIP_TCP_RTO_TIME",
	"TCP_MSL", "TCP_FIN_WAIT_TIMEOUT", "TCP_SYN_RCVD_TIMEOUT", "TCP_KEEPIDLE_DEFAULT", "TCP_KEEPINTVL_DEFAULT",
	"TCP_KEEPCNT_DEFAULT", "LWIP_TCP_KEEPALIVE",
}

// rejected is the error of a configuration that lwIP itself does not
// build: gcc stops on an #error of lwIP's or on an #if it cannot evaluate.
type rejected struct{ err error }

func (r rejected) Error() string { return r.err.Error() }

// harnessFor returns the harness of fx for version, shared with every
// configuration whose macros named in keys agree (all macros when keys is
// nil). It returns a [rejected] error when lwIP does not build fx.
func harnessFor(t *testing.T, version, src string, fx fixture, keys []string) (*Harness, error) {
	t.Helper()
	m, err := Macros(src, t.TempDir(), fx.cfg)
	if err != nil {
		return nil, rejected{err}
	}
	// Checked for each configuration: a shared build says nothing of it.
	if err := CheckInit(src, t.TempDir(), fx.cfg); err != nil {
		return nil, rejected{err}
	}
	var key strings.Builder
	if keys == nil {
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
	}
	for _, k := range keys {
		key.WriteString(k + "=" + m[k] + "\n")
	}
	h, err := builds.Get(version, src, key.String(), fx.cfg)
	if err != nil {
		if strings.Contains(err.Error(), "#error") {
			return nil, rejected{err}
		}
		t.Fatal(err)
	}
	return h, nil
}

// results memoizes scenario runs per harness.
var results sync.Map // *Harness + scenario → Result

func run(t *testing.T, h *Harness, scenario string) Result {
	t.Helper()
	k := struct {
		h *Harness
		s string
	}{h, scenario}
	if r, ok := results.Load(k); ok {
		return r.(Result)
	}
	r, err := h.Run(scenario)
	if err != nil {
		t.Fatal(err)
	}
	results.Store(k, r)
	return r
}

func get(t *testing.T, r Result, key string) int64 {
	t.Helper()
	v, err := r.Get(key)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
