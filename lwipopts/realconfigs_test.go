package lwipopts

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
	"github.com/lwiplint/lwiplint/lwipopts/internal/gccoracle"
)

// TestRealConfigsAgainstGCC resolves every configuration of
// testdata/configs and, when LWIPLINT_REAL_CONFIGS names a directory, every
// DIR/*/lwipopts.h in it (real configurations of public projects, each
// with the headers of its own directory, kept out of the repository), with
// the real lwIP 2.1.3 and 2.2.1 trees of LWIPLINT_LWIP_SOURCES, and checks
// against gcc that every option and knob has the same value (Names and the
// user's other macros) and that src/core/init.c reaches the same #error
// lines and #if errors. It logs the figures.
func TestRealConfigsAgainstGCC(t *testing.T) {
	testenv.Require(t, gccoracle.Available("gcc"), "gcc")
	srcs := os.Getenv("LWIPLINT_LWIP_SOURCES")
	type cfgFile struct {
		name, file string
		p          Params
	}
	var cfgs []cfgFile
	for _, fx := range fixtures(t) {
		cfgs = append(cfgs, cfgFile{"configs/" + fx.Name, fx.File, fx.Params})
	}
	if dir := os.Getenv("LWIPLINT_REAL_CONFIGS"); dir != "" {
		files, _ := filepath.Glob(filepath.Join(dir, "*", "lwipopts.h"))
		if len(files) == 0 {
			t.Fatalf("LWIPLINT_REAL_CONFIGS=%s holds no */lwipopts.h", dir)
		}
		for _, f := range files {
			cfgs = append(cfgs, cfgFile{"real/" + filepath.Base(filepath.Dir(f)), f, Params{}})
		}
	}
	for _, v := range []string{"2.1.3", "2.2.1"} {
		src := filepath.Join(srcs, "lwip-"+v, "src")
		initc := filepath.Join(src, "core", "init.c")
		_, err := os.Stat(initc)
		testenv.Require(t, srcs != "" && err == nil, "lwIP "+v+" release sources (LWIPLINT_LWIP_SOURCES)")
		lwip := filepath.Join(src, "include")
		loader := NewLoader()
		var names, agree, knobs, knobsAgree, sets, setsAgree, loadFail int
		for _, c := range cfgs {
			t.Run(v+"/"+c.name, func(t *testing.T) {
				p := c.p
				p.LwipDir = lwip
				cfg, err := loader.Load(c.file, p)
				if err != nil {
					loadFail++
					t.Errorf("load: %v", err)
					return
				}
				ns := append([]string(nil), cfg.Names()...)
				for _, n := range cfg.UserNames() {
					if !cfg.Option(n).Known {
						ns = append(ns, n)
					}
				}
				sort.Strings(ns)
				req := gccoracle.Request{
					LwipInclude: lwip,
					ConfigDir:   filepath.Dir(c.file),
					IncludeDirs: p.IncludeDirs,
					Defines:     append(append([]string(nil), DefaultPredefined...), p.Defines...),
					Includes:    p.Includes,
					Headers:     cfg.res.prog.Roots[1:],
					Names:       ns,
					// The freestanding C headers lwiplint serves (<limits.h>'s
					// INT_MAX in RECV_BUFSIZE_DEFAULT), as gcc's target has them.
					AfterDirs: []string{freestandingDir(t)},
				}
				got, err := gccoracle.Eval(context.Background(), req)
				if err != nil && got == nil {
					t.Fatalf("gcc: %v", err)
				}
				diffs := gccDiffs(cfg, got, ns)
				bad := map[string]bool{}
				for _, d := range diffs {
					n, _, _ := strings.Cut(d, ":")
					bad[n] = true
				}
				names += len(ns)
				agree += len(ns) - len(bad)
				for _, n := range ns {
					if cfg.Option(n).Knob {
						knobs++
						if !bad[n] {
							knobsAgree++
						}
					}
				}
				if len(diffs) > 0 {
					if len(diffs) > 20 {
						diffs = append(diffs[:20], fmt.Sprintf("… and %d more", len(diffs)-20))
					}
					t.Errorf("%d of %d values differ from gcc:\n%s", len(bad), len(ns), strings.Join(diffs, "\n"))
				}
				errs, err := cfg.Preprocess(initc)
				if err != nil {
					t.Errorf("init.c: %v", err)
					return
				}
				ds, err := gccoracle.Errors(context.Background(), req, initc)
				if err != nil {
					t.Fatalf("gcc init.c: %v", err)
				}
				var g []string
				for _, d := range ds {
					g = append(g, fmt.Sprintf("%s:%d: %s", d.File, d.Line, gccMsg(d.Msg)))
				}
				sets++
				if a, b := noteSet(errs, true), sortedSet(g); a != b {
					t.Errorf("init.c errors differ from gcc's:\nlwiplint:\n%s\ngcc:\n%s", a, b)
				} else {
					setsAgree++
				}
			})
		}
		t.Logf("lwIP %s: %d configurations (%d failed to load); values: %d of %d agree with gcc (knobs: %d of %d); init.c error sets: %d of %d agree",
			v, len(cfgs), loadFail, agree, names, knobsAgree, knobs, setsAgree, sets)
	}
}

// gccMsg is gcc's error text as noteSet renders lwiplint's: an #if that
// gcc cannot evaluate is "invalid #if expression", in whatever words gcc
// gives the reason.
func gccMsg(m string) string {
	if strings.HasPrefix(m, "#error") || strings.HasPrefix(m, "#include") || m == divZeroText {
		return m
	}
	return "invalid #if expression"
}
