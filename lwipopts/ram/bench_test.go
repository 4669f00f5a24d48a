package ram

import (
	"testing"

	"github.com/lwiplint/lwiplint/internal/lwiprun"
	"github.com/lwiplint/lwiplint/internal/testenv"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// BenchmarkCompute lays out the sockets fixture against lwIP 2.2.1: the
// load of the configuration and the two translation units (twice, for
// the short enums). Run with -benchmem; the command's peak RSS is in the
// README (GNU time).
func BenchmarkCompute(b *testing.B) {
	src := lwiprun.Sources("2.2.1")
	testenv.Require(b, src != "", "lwIP 2.2.1 release sources in $LWIPLINT_LWIP_SOURCES")
	for b.Loop() {
		cfg := loadFixture(b, lwipopts.NewLoader(), "sockets", src)
		if _, err := Compute(cfg, nil); err != nil {
			b.Fatal(err)
		}
	}
}
