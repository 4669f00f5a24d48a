package lwipopts

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// The benchmarks of bench_test.go load one configuration; these load every
// configuration of testdata/configs (with its args file) on Debian's lwIP
// 2.1.3 headers, as `lwiplint check` does with one shared Loader. Run them
// with
//
//	go test -run '^$' -bench Fixtures -benchmem ./lwipopts/
//	go test -run '^$' -bench LoadParallel -cpu 1,2 ./lwipopts/

// BenchmarkLoadFixtures loads each fixture with a warm Loader, one
// sub-benchmark per fixture: which shapes of configuration cost most.
func BenchmarkLoadFixtures(b *testing.B) {
	requireBench(b)
	l := NewLoader()
	for _, fx := range benchFixtures(b) {
		b.Run(fx.Name, func(b *testing.B) {
			if _, err := l.Load(fx.File, fx.Params); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := l.Load(fx.File, fx.Params); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLoadAllFixtures loads all the fixtures one after the other per
// operation, with a new Loader each time (cold: the tree is parsed once
// per operation, as in one `lwiplint check` of all of them) or a shared one
// (warm).
func BenchmarkLoadAllFixtures(b *testing.B) {
	requireBench(b)
	fxs := benchFixtures(b)
	loadAll := func(b *testing.B, l *Loader) {
		for _, fx := range fxs {
			if _, err := l.Load(fx.File, fx.Params); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			loadAll(b, NewLoader())
		}
	})
	b.Run("warm", func(b *testing.B) {
		l := NewLoader()
		loadAll(b, l)
		for b.Loop() {
			loadAll(b, l)
		}
	})
}

// BenchmarkLoadParallel loads the fixtures round-robin from GOMAXPROCS
// goroutines sharing one warm Loader. With -cpu 1,2 the ratio of the two
// ns/op shows how well loads scale over cores (ideal: half at -cpu 2).
func BenchmarkLoadParallel(b *testing.B) {
	requireBench(b)
	fxs := benchFixtures(b)
	l := NewLoader()
	for _, fx := range fxs {
		if _, err := l.Load(fx.File, fx.Params); err != nil {
			b.Fatal(err)
		}
	}
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			fx := fxs[int(next.Add(1))%len(fxs)]
			if _, err := l.Load(fx.File, fx.Params); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkLoadRetained reports the heap that loaded configurations keep
// alive (live-B/config, after a garbage collection): `lwiplint check` holds
// every Config until it writes its output, so this metric times the number
// of configurations bounds the growth of its peak RSS. Its ns/op includes
// two forced collections.
func BenchmarkLoadRetained(b *testing.B) {
	requireBench(b)
	fxs := benchFixtures(b)
	l := NewLoader()
	for _, fx := range fxs {
		if _, err := l.Load(fx.File, fx.Params); err != nil {
			b.Fatal(err)
		}
	}
	var live float64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		keep := make([]*Config, 0, len(fxs))
		for _, fx := range fxs {
			cfg, err := l.Load(fx.File, fx.Params)
			if err != nil {
				b.Fatal(err)
			}
			keep = append(keep, cfg)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		live = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(len(keep))
		runtime.KeepAlive(keep)
	}
	b.ReportMetric(live, "live-B/config")
}

// benchFixtures reads testdata/configs/*/ like fixtures in fixtures_test.go
// (which needs a *testing.T), with the Debian tree as LwipDir.
func benchFixtures(tb testing.TB) []fixture {
	tb.Helper()
	files, err := filepath.Glob("../testdata/configs/*/lwipopts.h")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no fixtures under testdata/configs: %v", err)
	}
	var r []fixture
	for _, f := range files {
		dir := filepath.Dir(f)
		fx := fixture{Name: filepath.Base(dir), Dir: dir, File: f, Params: Params{LwipDir: debianLwip}}
		if data, err := os.ReadFile(filepath.Join(dir, "args")); err == nil {
			sc := bufio.NewScanner(strings.NewReader(string(data)))
			for sc.Scan() {
				line := strings.TrimSpace(sc.Text())
				if line == "" || strings.HasPrefix(line, "#") {
					continue
				}
				flag, val, _ := strings.Cut(line, " ")
				val = strings.TrimSpace(val)
				switch flag {
				case "-I":
					fx.Params.IncludeDirs = append(fx.Params.IncludeDirs, filepath.Join(dir, val))
				case "-D":
					fx.Params.Defines = append(fx.Params.Defines, val)
				case "--include":
					fx.Params.Includes = append(fx.Params.Includes, filepath.Join(dir, val))
				default:
					tb.Fatalf("%s/args: unknown argument %q", dir, line)
				}
			}
		}
		r = append(r, fx)
	}
	return r
}
