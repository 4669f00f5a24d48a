package lwiprun

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
)

// scenarioConfigs are the configurations the scenarios run with: lwIP's
// defaults (the shared fixture) and ours in testdata/configs.
func scenarioConfigs(t *testing.T) []fixture {
	t.Helper()
	var out []fixture
	for _, fx := range fixtures(t) {
		if fx.name == "configs/all-defaults" {
			out = append(out, fx)
		}
	}
	dirs, err := filepath.Glob(filepath.Join("testdata", "configs", "*", "lwipopts.h"))
	if err != nil || len(dirs) == 0 {
		t.Fatal("no testdata/configs")
	}
	for _, f := range dirs {
		abs, err := filepath.Abs(f)
		if err != nil {
			t.Fatal(err)
		}
		name := "lwiprun/" + filepath.Base(filepath.Dir(f))
		out = append(out, fixture{name: name, cfg: Config{Name: name, File: abs}})
	}
	return out
}

// row is one line of testdata/matrix.txt: a scenario run and what it showed.
type row struct{ scenario, version, config, got string }

var (
	matrixMu sync.Mutex
	matrix   []row
)

// record runs scenario and checks it; check returns the problems.
func record(t *testing.T, h *Harness, fx fixture, scenario string, keys []string, check func(r Result) []string) Result {
	t.Helper()
	r := run(t, h, scenario)
	var got []string
	for _, k := range keys {
		got = append(got, fmt.Sprintf("%s=%d", k, get(t, r, k)))
	}
	for _, p := range check(r) {
		t.Errorf("lwIP %s, %s, %s: %s", h.Version, fx.name, scenario, p)
	}
	matrixMu.Lock()
	matrix = append(matrix, row{scenario, h.Version, fx.name, strings.Join(got, " ")})
	matrixMu.Unlock()
	return r
}

func want(problems *[]string, what string, got, want int64) {
	if got != want {
		*problems = append(*problems, fmt.Sprintf("%s = %d, want %d", what, got, want))
	}
}

// TestScenarios runs every scenario on every lwIP version and
// configuration of [scenarioConfigs] and checks what lwIP does against
// what its source says (each expectation cites it), with the options'
// values as the harness's build of lwIP sees them. The runs are listed in
// testdata/matrix.txt (LWIPLINT_UPDATE=1 rewrites it).
func TestScenarios(t *testing.T) {
	for _, version := range Versions {
		t.Run(version, func(t *testing.T) {
			src := need(t, version)
			for _, fx := range scenarioConfigs(t) {
				t.Run(fx.name, func(t *testing.T) {
					t.Parallel()
					h, err := harnessFor(t, version, src, fx, nil)
					if err != nil {
						t.Fatal(err)
					}
					scenarios(t, h, fx, src)
				})
			}
		})
	}
	if t.Failed() || t.Skipped() {
		return
	}
	checkMatrix(t, "matrix.txt", "TestScenarios", Versions)
}

// checkMatrix compares the rows of matrix for versions with
// testdata/golden, the list test writes (LWIPLINT_UPDATE=1 rewrites it).
func checkMatrix(t *testing.T, golden, test string, versions []string) {
	t.Helper()
	matrixMu.Lock()
	var rows []row
	for _, r := range matrix {
		if slices.Contains(versions, r.version) {
			rows = append(rows, r)
		}
	}
	matrixMu.Unlock()
	if len(rows) == 0 {
		return
	}
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.scenario != b.scenario {
			return a.scenario < b.scenario
		}
		if a.version != b.version {
			return a.version < b.version
		}
		return a.config < b.config
	})
	var b strings.Builder
	fmt.Fprintf(&b, "# Scenarios × lwIP versions × configurations run by %s on the real lwIP core\n", test)
	fmt.Fprintf(&b, "# (internal/lwiprun; LWIPLINT_UPDATE=1 go test ./internal/lwiprun -run %s rewrites this file).\n", test)
	b.WriteString("# Times are slow-timer ticks unless named _ms.\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%-22s %-6s %-22s %s\n", r.scenario, r.version, r.config, r.got)
	}
	path := filepath.Join("testdata", golden)
	if os.Getenv("LWIPLINT_UPDATE") == "1" {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	old, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(old), b.String()); d != "" {
		t.Errorf("%s (-old +new; LWIPLINT_UPDATE=1 rewrites it):\n%s", path, d)
	}
}

const (
	errABRT = -13 // lwIP's ERR_ABRT (err.h)
	errRST  = -14 // ERR_RST
)

func scenarios(t *testing.T, h *Harness, fx fixture, src string) {
	base := run(t, h, "syn-silent")
	v := func(k string) int64 { return get(t, base, k) }
	slow, tmr, syn, data, mss := v("tcp_slow_interval"), v("tcp_tmr_interval"), v("tcp_synmaxrtx"), v("tcp_maxrtx"), v("tcp_mss")

	// A connect to a silent host: TCP_SYNMAXRTX retransmissions, then
	// ERR_ABRT (tcp.c 2.1.3 tcp_slowtmr L1229); TCP_MAXRTX, tested next
	// (L1232), ends SYN_SENT too when it is smaller.
	syns := record(t, h, fx, "syn-silent", []string{"syns", "give_up_tick", "err"}, func(r Result) (p []string) {
		want(&p, "SYNs", get(t, r, "syns"), min(syn, data)+1)
		want(&p, "err", get(t, r, "err"), errABRT)
		return p
	})
	ticks := get(t, syns, "give_up_tick")

	// In real time, with lwIP's timeouts: the first connect after boot
	// starts the TCP timer (timeouts.c tcp_timer_needed), so the first
	// slow tick comes TCP_TMR_INTERVAL later; with the timer already
	// running the give-up lies in ((T-1)·slow, T·slow].
	record(t, h, fx, "syn-silent-ms 0 0", []string{"give_up_ms"}, func(r Result) (p []string) {
		want(&p, "cold give-up ms", get(t, r, "give_up_ms"), (ticks-1)*slow+tmr)
		return p
	})
	lo, hi := int64(1<<62), int64(0)
	for phase := slow; phase < 2*slow; phase += slow / 10 {
		for _, ph := range []int64{phase, phase + 1} {
			ms := get(t, run(t, h, fmt.Sprintf("syn-silent-ms %d 1", ph)), "give_up_ms")
			lo, hi = min(lo, ms), max(hi, ms)
		}
	}
	if lo <= (ticks-1)*slow || hi != ticks*slow {
		t.Errorf("lwIP %s, %s: warm give-up in [%d, %d] ms, want (%d, %d]", h.Version, fx.name, lo, hi, (ticks-1)*slow, ticks*slow)
	}
	matrixMu.Lock()
	matrix = append(matrix, row{"syn-silent-ms phases", h.Version, fx.name, fmt.Sprintf("min_ms=%d max_ms=%d", lo, hi)})
	matrixMu.Unlock()

	// Data never acknowledged: TCP_MAXRTX retransmissions (L1232).
	record(t, h, fx, "data-give-up 0", []string{"data_retransmissions", "give_up_tick", "err"}, func(r Result) (p []string) {
		want(&p, "retransmissions", get(t, r, "data_retransmissions"), data)
		want(&p, "err", get(t, r, "err"), errABRT)
		return p
	})
	// After k SYN retries, a SYN-ACK with nothing else unacknowledged
	// leaves nrtx at k (tcp_in.c 2.1.3 L894-899): k fewer data retries,
	// the time lwiplint's DataGiveUpAfterSynRetries computes.
	if k := min(int64(2), syn); k > 0 {
		cfg, err := lwipopts.Load(fx.cfg.File, lwipopts.Params{LwipDir: filepath.Join(src, "include")})
		if err != nil {
			t.Fatal(err)
		}
		wantTicks, ok := lint.DataGiveUpAfterSynRetries(cfg, k)
		if !ok {
			t.Fatal("no data give-up time")
		}
		record(t, h, fx, fmt.Sprintf("data-give-up %d", k), []string{"data_retransmissions", "give_up_tick"}, func(r Result) (p []string) {
			want(&p, "retransmissions", get(t, r, "data_retransmissions"), max(data-k, 0))
			want(&p, "ticks (lint.DataGiveUpAfterSynRetries)", get(t, r, "give_up_tick"), wantTicks)
			return p
		})
	}

	// An RST in SYN_SENT is accepted only when it acknowledges the SYN
	// (tcp_in.c 2.1.3 tcp_process L799-806: ackno == snd_nxt).
	for delta, accepted := range map[int64]int64{1: 1, 0: 0, 2: 0} {
		record(t, h, fx, fmt.Sprintf("rst-syn-sent %d", delta), []string{"reset", "still_syn_sent"}, func(r Result) (p []string) {
			want(&p, "reset", get(t, r, "reset"), accepted)
			want(&p, "still in SYN_SENT", get(t, r, "still_syn_sent"), 1-accepted)
			if accepted == 1 {
				want(&p, "err", get(t, r, "err"), errRST)
			}
			return p
		})
	}

	// The SYN's MSS option is tcp_eff_send_mss_netif(TCP_MSS, netif):
	// TCP_MSS capped at the MTU less 40 (IPv4) or 60 (IPv6) bytes of
	// headers (tcp.c 2.1.3 L2242-2298, tcp_out.c L1501).
	for _, mtu := range []int64{1500, 1400, 576} {
		for fam, hdr := range map[string]int64{"": 40, " ipv6": 60} {
			record(t, h, fx, fmt.Sprintf("mss %d%s", mtu, fam), []string{"syn_mss"}, func(r Result) (p []string) {
				want(&p, "MSS option", get(t, r, "syn_mss"), min(mss, mtu-hdr))
				return p
			})
		}
	}

	// A SYN when every PCB is taken: 2.1+ tcp_alloc kills only PCBs of a
	// lower priority (tcp_kill_prio, tcp.c 2.1.3 L1707-1746), so the SYN
	// is dropped and no connection is evicted; tcp_listen_input calls the
	// accept callback with ERR_MEM (tcp_in.c 2.1.3 L660-667). With
	// MEMP_MEM_MALLOC the pool has no limit.
	// 2.0.x tcp_kill_prio kills the oldest PCB of the same or a lower
	// priority (tcp.c 2.0.3 L1476: prio <= mprio): the SYN evicts the
	// oldest connection, which gets an RST, and is answered.
	evicts := get(t, base, "lwip_version") < 20100
	record(t, h, fx, "pool-full 64", []string{"established", "pool_full"}, func(r Result) (p []string) {
		if get(t, r, "memp_mem_malloc") != 0 {
			want(&p, "pool full", get(t, r, "pool_full"), 0)
			return p
		}
		want(&p, "established", get(t, r, "established"), get(t, r, "memp_num_tcp_pcb"))
		want(&p, "pool full", get(t, r, "pool_full"), 1)
		if evicts {
			want(&p, "new SYN answered", get(t, r, "new_syn_answered"), 1)
			want(&p, "evicted connection reset", get(t, r, "new_syn_reset"), 1)
			want(&p, "evicted", get(t, r, "evicted"), 1)
			want(&p, "accept errors", get(t, r, "accept_errors"), 0)
			return p
		}
		want(&p, "new SYN answered", get(t, r, "new_syn_answered"), 0)
		want(&p, "new SYN reset", get(t, r, "new_syn_reset"), 0)
		want(&p, "evicted", get(t, r, "evicted"), 0)
		want(&p, "accept errors", get(t, r, "accept_errors"), 1)
		return p
	})

	// Timeouts compared with a strict > on whole ticks (tcp.c 2.1.3
	// L1321, L1333, L1365, L1446): one tick more than the whole ticks.
	record(t, h, fx, "time-wait", []string{"time_wait_ticks"}, func(r Result) (p []string) {
		want(&p, "ticks", get(t, r, "time_wait_ticks"), 2*get(t, r, "tcp_msl")/slow+1)
		return p
	})
	record(t, h, fx, "fin-wait-2", []string{"fin_wait_2_ticks"}, func(r Result) (p []string) {
		want(&p, "ticks", get(t, r, "fin_wait_2_ticks"), get(t, r, "tcp_fin_wait_timeout")/slow+1)
		return p
	})
	// shutdown(SHUT_WR) leaves TF_RXCLOSED clear: no FIN_WAIT_2 timeout
	// (L1319). Run ten times the timeout.
	finTicks := get(t, base, "tcp_fin_wait_timeout")/slow + 1
	record(t, h, fx, fmt.Sprintf("fin-wait-2-shut-wr %d", 10*finTicks), []string{"fin_wait_2_ticks"}, func(r Result) (p []string) {
		want(&p, "ticks (-1: never)", get(t, r, "fin_wait_2_ticks"), -1)
		return p
	})
	record(t, h, fx, "keepalive", []string{"probes", "keepalive_ticks"}, func(r Result) (p []string) {
		idle, intvl, cnt := get(t, r, "tcp_keepidle_default"), get(t, r, "tcp_keepintvl_default"), get(t, r, "tcp_keepcnt_default")
		want(&p, "probes", get(t, r, "probes"), cnt)
		want(&p, "ticks", get(t, r, "keepalive_ticks"), (idle+cnt*intvl)/slow+1)
		want(&p, "err", get(t, r, "err"), errABRT)
		return p
	})
	record(t, h, fx, "syn-rcvd", []string{"syn_rcvd_ticks", "synack_retransmissions"}, func(r Result) (p []string) {
		timeout := get(t, r, "tcp_syn_rcvd_timeout")/slow + 1
		if got := get(t, r, "syn_rcvd_ticks"); got > timeout {
			p = append(p, fmt.Sprintf("SYN_RCVD lasted %d ticks, beyond TCP_SYN_RCVD_TIMEOUT's %d", got, timeout))
		}
		return p
	})
}
