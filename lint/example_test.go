package lint_test

import (
	"fmt"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/rules"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// Example loads a configuration, runs every rule on it with LW1001 raised
// to an error, and prints where each finding is, its severity and its rule,
// and the #error lwIP itself stops the build with, if any.
func Example() {
	cfg, err := lwipopts.Load("../testdata/example/lwipopts.h", lwipopts.Params{NoTree: true, LwipVersion: "2.1.3"})
	if err != nil {
		fmt.Println(err)
		return
	}
	findings := lint.Run(cfg, rules.All(), lint.Options{
		Severity: map[string]lint.Severity{"LW1001": lint.Error},
	})
	for _, f := range findings {
		fmt.Printf("%s: %s %s %s\n", f.Pos, f.Severity, f.Rule, f.Name)
		if f.LwipError != nil {
			fmt.Printf("  #error %q\n", *f.LwipError)
		}
	}
	// Output:
	// ../testdata/example/lwipopts.h:8:1: info LW9001 load-note
	// ../testdata/example/lwipopts.h:16:9: warning LW2001 heap-below-send-buffer
	// ../testdata/example/lwipopts.h:19:9: error LW1115 tcp-seg-pool-below-queuelen
	//   #error "lwip_sanity_check: WARNING: MEMP_NUM_TCP_SEG should be at least as big as TCP_SND_QUEUELEN. If you know what you are doing, define LWIP_DISABLE_TCP_SANITY_CHECKS to 1 to disable this error."
	// ../testdata/example/lwipopts.h:21:9: error LW1001 syn-retries-raised
}
