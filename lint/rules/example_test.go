package rules_test

import (
	"fmt"
	"os"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lint/report"
	"github.com/lwiplint/lwiplint/lint/rules"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// Example lints a configuration with every rule and prints the findings and
// the time budgets.
func Example() {
	cfg, err := lwipopts.Load("testdata/example/lwipopts.h", lwipopts.Params{NoTree: true, LwipVersion: "2.1.3"})
	if err != nil {
		fmt.Println(err)
		return
	}
	findings := lint.Run(cfg, rules.All(), lint.Options{})
	if err := report.Text(os.Stdout, findings); err != nil {
		fmt.Println(err)
	}
	b, _ := lint.SynGiveUp(cfg)
	fmt.Println(b)
	// Output:
	// testdata/example/lwipopts.h:3:9: error LW1116 TCP_SND_BUF = 2048 (lwipopts.h:3) < 2*TCP_MSS = 2920, with TCP_MSS = 1460 (lwipopts.h:2); the send buffer must hold at least two full segments (2 * TCP_MSS) (lwIP 2.1.3 src/core/init.c:300)
	//   = note: testdata/example/lwipopts.h:2:9: TCP_MSS = 1460 (lwipopts.h:2)
	//   = lwip error: "lwip_sanity_check: WARNING: TCP_SND_BUF must be at least as much as (2 * TCP_MSS) for things to work smoothly. If you know what you are doing, define LWIP_DISABLE_TCP_SANITY_CHECKS to 1 to disable this error."
	//   = see: embedded/lwip-compile-time-sanity-checks
	// testdata/example/lwipopts.h:3:9: warning LW2001 MEM_SIZE = 1600 (default) < TCP_SND_BUF + 2 segment headers = 2048 + 2×54 = 2156 with TCP_SND_BUF = 2048 (lwipopts.h:3): tcp_write() returns ERR_MEM while tcp_sndbuf() still reports space
	//   = see: embedded/lwip-mem-size-default-too-small-for-mss
	//   = see: embedded/lwip-tcp-write-err-mem-heap-smaller-than-sndbuf
	//   = see: embedded/lwip-tcp-throughput-capped-by-small-heap
	// testdata/example/lwipopts.h:4:9: warning LW1001 TCP_SYNMAXRTX = 12 (lwipopts.h:4) raises SYN retries above lwIP's default 6: a connect to a silent host now gives up after 36.5 s ((TCP_SYNMAXRTX·r + 1) × TCP_SLOW_INTERVAL = (12·6 + 1) × 500 ms, r = 3000 ms (hard-coded before lwIP 2.2.0) / 500 ms = 6 ticks, no backoff in SYN_SENT), and no retry count prevents a reset: an RST in SYN-SENT aborts at once with ERR_RST (ECONNRESET)
	//   = see: embedded/lwip-tcp-connection-reset-during-handshake
	//   = see: embedded/lwip-tcp-connect-gives-up-after-18s
	// testdata/example/lwipopts.h:5:9: warning LW1003 TCP_WND = 2048 (lwipopts.h:5) < 2*TCP_MSS = 2920 with TCP_MSS = 1460 (lwipopts.h:2): window scaling is off anyway (LWIP_WND_SCALE is 0), so a small window only costs throughput (at most one segment per round trip, delayed ACKs stall the peer)
	//   = see: embedded/lwip-tcp-connection-reset-during-handshake
	// connect to a silent host gives up after: 36.5 s ((TCP_SYNMAXRTX·r + 1) × TCP_SLOW_INTERVAL = (12·6 + 1) × 500 ms, r = 3000 ms (hard-coded before lwIP 2.2.0) / 500 ms = 6 ticks, no backoff in SYN_SENT)
}
