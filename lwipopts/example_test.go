package lwipopts_test

import (
	"fmt"

	"github.com/lwiplint/lwiplint/lwipopts"
)

// Example resolves a configuration against the built-in defaults of lwIP
// 2.1.3 and prints, for some options, the effective value, the expression
// it was computed from and where that expression comes from: the user's
// #define, or lwIP's default in lwip/opt.h, which may follow options the
// user set (TCP_SND_QUEUELEN).
func Example() {
	cfg, err := lwipopts.Load("../testdata/example/lwipopts.h", lwipopts.Params{NoTree: true, LwipVersion: "2.1.3"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("lwIP", cfg.Version, "from", cfg.VersionFrom)
	for _, name := range []string{"TCP_MSS", "TCP_SND_BUF", "TCP_SND_QUEUELEN", "TCP_SYNMAXRTX", "MEMP_NUM_TCP_SEG"} {
		o := cfg.Option(name)
		fmt.Printf("%-16s = %-5s %-8s %s\n", name, o.Value, o.Origin.Kind, o.Origin.Pos)
		if o.Expr != o.Value.String() {
			fmt.Printf("%18s %s\n", "=", o.Expr)
		}
	}
	// Output:
	// lwIP 2.1.3 from flag
	// TCP_MSS          = 1460  lwipopts ../testdata/example/lwipopts.h:18:9
	// TCP_SND_BUF      = 11680 lwipopts ../testdata/example/lwipopts.h:19:9
	//                  = (8 * TCP_MSS)
	// TCP_SND_QUEUELEN = 32    default  <lwIP 2.1.3>/lwip/opt.h:1322
	//                  = ((4 * (TCP_SND_BUF) + (TCP_MSS - 1))/(TCP_MSS))
	// TCP_SYNMAXRTX    = 12    lwipopts ../testdata/example/lwipopts.h:21:9
	// MEMP_NUM_TCP_SEG = 16    default  <lwIP 2.1.3>/lwip/opt.h:452
}
