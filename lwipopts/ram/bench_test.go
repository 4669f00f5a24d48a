package ram

import (
	"testing"

	"github.com/lwiplint/lwiplint/internal/lwiprun"
	"github.com/lwiplint/lwiplint/internal/testenv"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// BenchmarkCompute loads the sockets fixture against lwIP 2.2.1 and lays
// it out for cortex-m. cold is a fresh process's layout: both translation
// units twice (the second time with the short enums); warm a later
// configuration of the same tree, whose cached enum widths hold: each unit
// once. Run with -benchmem; the command's peak RSS is in the README (GNU
// time).
func BenchmarkCompute(b *testing.B) {
	src := lwiprun.Sources("2.2.1")
	testenv.Require(b, src != "", "lwIP 2.2.1 release sources in $LWIPLINT_LWIP_SOURCES")
	for _, cold := range []bool{true, false} {
		name := "warm"
		if cold {
			name = "cold"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if cold {
					editCache.Clear()
				}
				cfg := loadFixture(b, lwipopts.NewLoader(), "sockets", src)
				if _, err := Compute(cfg, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
