package rules

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lwiplint/lwiplint/internal/testenv"
	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/linttest"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// probeHeaders are the headers src/core/init.c of lwIP 2.1.3 includes before
// its checks; the probe includes the same ones.
var probeHeaders = []string{
	"lwip/opt.h", "lwip/init.h", "lwip/stats.h", "lwip/sys.h", "lwip/mem.h", "lwip/memp.h",
	"lwip/pbuf.h", "lwip/netif.h", "lwip/sockets.h", "lwip/ip.h", "lwip/raw.h", "lwip/udp.h",
	"lwip/priv/tcp_priv.h", "lwip/igmp.h", "lwip/dns.h", "lwip/timeouts.h", "lwip/etharp.h",
	"lwip/ip6.h", "lwip/nd6.h", "lwip/mld6.h", "lwip/api.h", "netif/ppp/ppp_opts.h",
}

// diffRows returns the rows with an init.c form for the lwIP version.
func diffRows(version string) []*initcRow {
	var rows []*initcRow
	for i := range initcTable {
		for _, f := range initcTable[i].Forms {
			if f.File == "src/core/init.c" && slices.Contains(f.Versions, version) {
				rows = append(rows, &initcTable[i])
				break
			}
		}
	}
	return rows
}

// writeProbe writes our own init.c-style probe: lwIP's headers, then every
// replayed condition of the version nested in its guards, each ending in an
// #error naming the rule.
func writeProbe(t *testing.T, dir, version string, rows []*initcRow) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "/* lwiplint differential probe: lwIP %s compile-time checks */\n", version)
	for _, h := range probeHeaders {
		fmt.Fprintf(&b, "#include \"%s\"\n", h)
	}
	b.WriteString("#ifndef LWIP_DISABLE_TCP_SANITY_CHECKS\n#define LWIP_DISABLE_TCP_SANITY_CHECKS 0\n#endif\n")
	b.WriteString("#ifndef LWIP_DISABLE_MEMP_SANITY_CHECKS\n#define LWIP_DISABLE_MEMP_SANITY_CHECKS 0\n#endif\n")
	for _, r := range rows {
		for _, f := range r.Forms {
			if f.File != "src/core/init.c" || !slices.Contains(f.Versions, version) {
				continue
			}
			for _, g := range f.Guards {
				fmt.Fprintf(&b, "#if %s\n", g)
			}
			fmt.Fprintf(&b, "#if %s\n#error \"probe %s\"\n#endif\n", f.Cond, r.ID)
			b.WriteString(strings.Repeat("#endif\n", len(f.Guards)))
		}
	}
	p := filepath.Join(dir, "probe.c")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

var probeErrRE = regexp.MustCompile(`#error "probe (LW\d{4})"`)

// gccErrors preprocesses the probe with the configuration in cfgDir and
// returns the IDs of the #errors reached, and any other error output.
func gccErrors(t *testing.T, gcc, probe string, includes []string) (ids []string, other []string) {
	t.Helper()
	args := []string{"-E", "-o", os.DevNull}
	for _, inc := range includes {
		args = append(args, "-I", inc)
	}
	out, _ := exec.Command(gcc, append(args, probe)...).CombinedOutput()
	for _, line := range strings.Split(string(out), "\n") {
		if m := probeErrRE.FindStringSubmatch(line); m != nil {
			ids = append(ids, m[1])
		} else if strings.Contains(line, "error:") {
			other = append(other, line)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), other
}

// TestInitcDifferential checks the replay of init.c against gcc. For lwIP
// 2.1.3 it preprocesses our probe with Debian's lwIP headers (required under
// CI=true); for 2.0.3, 2.2.0 and 2.2.1 with the headers of lwIP's own
// release trees when a git clone is available. The probe must reach the
// same #errors as the replay, on the bad fixtures (which must reach their
// check) and on the good and hidden ones (which must not).
func TestInitcDifferential(t *testing.T) {
	gcc := testenv.GCC()
	testenv.Require(t, gcc != "" && testenv.HaveDebianLwip(), "gcc or "+linttest.DebianLwipDir+" (liblwip-dev)")
	t.Run("debian-2.1.3", func(t *testing.T) {
		differential(t, gcc, "2.1.3", []string{linttest.DebianLwipDir}, lwipopts.Params{LwipDir: linttest.DebianLwipDir})
	})
	for _, v := range []string{"2.0.3", "2.1.3", "2.2.0", "2.2.1"} {
		t.Run("git-"+v, func(t *testing.T) {
			tree := linttest.ExtractTree(t, v, t.TempDir())
			port := filepath.Join(t.TempDir(), "port")
			if err := os.MkdirAll(filepath.Join(port, "arch"), 0o755); err != nil {
				t.Fatal(err)
			}
			for _, h := range []string{"cc.h", "sys_arch.h"} {
				if err := os.WriteFile(filepath.Join(port, "arch", h), []byte("/* empty test port */\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			inc := filepath.Join(tree, "src", "include")
			differential(t, gcc, v, []string{port, inc}, lwipopts.Params{LwipDir: inc, IncludeDirs: []string{port}})
		})
	}
}

func differential(t *testing.T, gcc, version string, includes []string, tree lwipopts.Params) {
	rows := diffRows(version)
	var rules []*lint.Rule
	for _, r := range rows {
		rules = append(rules, initcRule(r.ID))
	}
	probe := writeProbe(t, t.TempDir(), version, rows)
	for _, r := range rows {
		files, _ := filepath.Glob(filepath.Join("testdata", r.ID, "*.txtar"))
		for _, file := range files {
			fx, err := linttest.Parse(file)
			if err != nil {
				t.Fatal(err)
			}
			if fx.Versions != nil && !slices.Contains(fx.Versions, version) || fx.ESPIDF() {
				continue // ESP-IDF fixtures have no lwipopts.h for gcc
			}
			bad := strings.HasPrefix(filepath.Base(file), "bad")
			t.Run(r.ID+"/"+filepath.Base(file), func(t *testing.T) {
				t.Parallel()
				dir := t.TempDir()
				cfgPath, err := fx.Extract(dir)
				if err != nil {
					t.Fatal(err)
				}
				if c, err := lwipopts.Load(cfgPath, lwipopts.Params{NoTree: true, LwipVersion: version}); err == nil {
					if _, hdrs := missingHeaders(c); len(hdrs) > 0 {
						// The unknown-is-not-zero fixtures leave a header out on purpose.
						t.Skipf("%v missing on purpose: gcc stops before the probe", hdrs)
					}
				}
				want, other := gccErrors(t, gcc, probe, append([]string{dir}, includes...))
				if len(other) > 0 {
					t.Fatalf("gcc failed outside the probe's checks:\n%s", strings.Join(other, "\n"))
				}
				if got := slices.Contains(want, r.ID); got != bad {
					t.Errorf("gcc reaches %s: %v, want %v (gcc reached %v)", r.ID, got, bad, want)
				}
				for _, p := range []lwipopts.Params{{NoTree: true, LwipVersion: version}, tree} {
					cfg, err := lwipopts.Load(cfgPath, p)
					if err != nil {
						t.Fatal(err)
					}
					if cfg.Version != version {
						t.Fatalf("resolved lwIP %s, want %s", cfg.Version, version)
					}
					var got []string
					for _, f := range lint.Run(cfg, rules, lint.Options{}) {
						if f.Severity == lint.Error && f.LwipError != nil {
							got = append(got, f.Rule)
						}
					}
					slices.Sort(got)
					got = slices.Compact(got)
					if d := cmp.Diff(want, got); d != "" {
						t.Errorf("replay (tree %q) disagrees with gcc (-gcc +replay):\n%s", p.LwipDir, d)
					}
				}
			})
		}
	}
}
