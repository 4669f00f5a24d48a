package rules_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/rules"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// Benchmarks of the rules on configurations that are already resolved (the
// loading is lwipopts' benchmarks). Run them with
//
//	go test -run '^$' -bench . -benchmem ./lint/rules/

// BenchmarkRunAll runs every rule on one resolved configuration, as
// `lwiplint check` does for each configuration after loading it.
func BenchmarkRunAll(b *testing.B) {
	cfg := benchConfigs(b)["pico-sdk-freertos"]
	if cfg == nil {
		b.Fatal("no fixture pico-sdk-freertos")
	}
	rs := rules.All()
	for b.Loop() {
		lint.Run(cfg, rs, lint.Options{})
	}
}

// BenchmarkRunAllFixtures runs every rule on each resolved fixture of
// testdata/configs; one operation is all of them.
func BenchmarkRunAllFixtures(b *testing.B) {
	cfgs := benchConfigs(b)
	rs := rules.All()
	n := 0
	for b.Loop() {
		n = 0
		for _, cfg := range cfgs {
			n += len(lint.Run(cfg, rs, lint.Options{}))
		}
	}
	b.ReportMetric(float64(len(cfgs)), "configs/op")
	b.ReportMetric(float64(n), "findings/op")
}

// BenchmarkRule runs one rule at a time on every fixture, to find the
// expensive rules.
func BenchmarkRule(b *testing.B) {
	cfgs := benchConfigs(b)
	for _, r := range rules.All() {
		b.Run(r.ID, func(b *testing.B) {
			rs := []*lint.Rule{r}
			for b.Loop() {
				for _, cfg := range cfgs {
					lint.Run(cfg, rs, lint.Options{})
				}
			}
		})
	}
}

// benchConfigs resolves the fixtures of testdata/configs (with their args
// files) by name: on Debian's lwIP headers when installed, else on the
// built-in lwIP 2.1.3 table.
func benchConfigs(b *testing.B) map[string]*lwipopts.Config {
	b.Helper()
	files, err := filepath.Glob("../../testdata/configs/*/lwipopts.h")
	if err != nil || len(files) == 0 {
		b.Fatalf("no fixtures under testdata/configs: %v", err)
	}
	base := lwipopts.Params{NoTree: true, LwipVersion: "2.1.3"}
	if testenv.HaveDebianLwip() {
		base = lwipopts.Params{LwipDir: testenv.DebianLwip}
	} else {
		b.Logf("Debian's liblwip-dev is missing: using the built-in lwIP 2.1.3 table")
	}
	l := lwipopts.NewLoader()
	out := map[string]*lwipopts.Config{}
	for _, f := range files {
		p := base
		dir := filepath.Dir(f)
		if err := benchArgs(filepath.Join(dir, "args"), &p); err != nil {
			b.Fatal(err)
		}
		cfg, err := l.Load(f, p)
		if err != nil {
			b.Fatal(err)
		}
		out[filepath.Base(dir)] = cfg
	}
	return out
}

// benchArgs adds the flags of a fixture's args file (one per line, paths
// relative to the file's directory) to p; a missing file adds none.
func benchArgs(path string, p *lwipopts.Params) error {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	} else if err != nil {
		return err
	}
	defer f.Close()
	dir := filepath.Dir(path)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		flag, val, _ := strings.Cut(line, " ")
		val = strings.TrimSpace(val)
		switch flag {
		case "-I":
			p.IncludeDirs = append(p.IncludeDirs, filepath.Join(dir, val))
		case "-D":
			p.Defines = append(p.Defines, val)
		case "--include":
			p.Includes = append(p.Includes, filepath.Join(dir, val))
		default:
			return fmt.Errorf("%s: unknown argument %q", path, line)
		}
	}
	return sc.Err()
}
