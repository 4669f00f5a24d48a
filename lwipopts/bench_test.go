package lwipopts

import (
	"testing"

	"github.com/lwiplint/lwiplint/internal/testenv"
)

const benchConfig = "../testdata/configs/pico-sdk-freertos/lwipopts.h"

// BenchmarkLoadCold loads one configuration with a new Loader each time:
// the lwIP tree is reduced and every header scanned again.
func BenchmarkLoadCold(b *testing.B) {
	requireBench(b)
	for b.Loop() {
		if _, err := NewLoader().Load(benchConfig, Params{LwipDir: debianLwip}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadWarm reuses one Loader: the reduced tree and cc/v4's source
// cache are shared, as when many configurations are linted in one run.
func BenchmarkLoadWarm(b *testing.B) {
	requireBench(b)
	l := NewLoader()
	if _, err := l.Load(benchConfig, Params{LwipDir: debianLwip}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := l.Load(benchConfig, Params{LwipDir: debianLwip}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadBuiltinWarm is BenchmarkLoadWarm on the built-in 2.1.3 table.
func BenchmarkLoadBuiltinWarm(b *testing.B) {
	l := NewLoader()
	p := Params{NoTree: true, LwipVersion: "2.1.3"}
	for b.Loop() {
		if _, err := l.Load(benchConfig, p); err != nil {
			b.Fatal(err)
		}
	}
}

func requireBench(b *testing.B) {
	if !testenv.HaveDebianLwip() {
		b.Skip("needs Debian liblwip-dev")
	}
}
