package lint

import (
	"fmt"
	"strings"

	"github.com/lwiplint/lwiplint/lwipopts"
)

// Budget is a time a configuration implies, with the formula that gives it.
type Budget struct {
	// Name is a stable key: "syn-give-up", "data-give-up", "time-wait",
	// "keepalive", "fin-wait-2", "syn-rcvd".
	Name  string
	Title string
	// Millis is the time in milliseconds.
	Millis int64
	// Formula shows the computation with the configuration's values.
	Formula string
	// Notes states assumptions and caveats.
	Notes []string
}

func (b Budget) String() string {
	return fmt.Sprintf("%s: %s (%s)", b.Title, FormatMillis(b.Millis), b.Formula)
}

// FormatMillis formats a duration given in milliseconds: "18.5 s",
// "38 min 21.5 s", "2 h 11 min 15 s".
func FormatMillis(ms int64) string {
	s := float64(ms) / 1000
	switch {
	case ms < 60_000:
		return strings.TrimSuffix(strings.TrimSuffix(fmt.Sprintf("%.2f", s), "0"), ".0") + " s"
	case ms < 3_600_000:
		return fmt.Sprintf("%d min %s", ms/60_000, FormatMillis(ms%60_000))
	}
	return fmt.Sprintf("%d h %s", ms/3_600_000, FormatMillis(ms%3_600_000))
}

// tcpBackoff is tcp_backoff[] of lwIP's src/core/tcp.c (2.0.3 to 2.2.1): the
// shift applied to the base RTO after nrtx retransmissions.
var tcpBackoff = [13]uint{1, 2, 3, 4, 5, 6, 7, 7, 7, 7, 7, 7, 7}

// timingInputs are the values the budgets are computed from.
type timingInputs struct {
	slow, rtoTime, rtoTicks int64
	rtoFrom                 string
	syn, data               int64
}

func readTiming(cfg *lwipopts.Config) (timingInputs, bool) {
	var in timingInputs
	var ok bool
	if in.slow, ok = cfg.Int("TCP_SLOW_INTERVAL"); !ok || in.slow <= 0 {
		return in, false
	}
	// The initial RTO: LWIP_TCP_RTO_TIME / TCP_SLOW_INTERVAL slow-timer
	// ticks in lwIP 2.2.0 and later (tcp.c tcp_alloc), 3000 / TCP_SLOW_INTERVAL
	// before (2.0.3 tcp.c line 1616, 2.1.3 line 1901).
	in.rtoTime, in.rtoFrom = 3000, "3000 ms (hard-coded before lwIP 2.2.0)"
	if cfg.Version >= "2.2.0" || cfg.ForkHas("rto-time-configurable") {
		// esp-lwip has LWIP_TCP_RTO_TIME on its 2.1.3 base too.
		if in.rtoTime, ok = cfg.Int("LWIP_TCP_RTO_TIME"); !ok {
			return in, false
		}
		in.rtoFrom = fmt.Sprintf("LWIP_TCP_RTO_TIME %d ms", in.rtoTime)
	}
	in.rtoTicks = in.rtoTime / in.slow
	if in.syn, ok = cfg.Int("TCP_SYNMAXRTX"); !ok {
		return in, false
	}
	if in.data, ok = cfg.Int("TCP_MAXRTX"); !ok {
		return in, false
	}
	return in, true
}

// SynGiveUp returns the time after which a connect to a host that never
// answers fails with ERR_ABRT. SYNs are resent every r = RTO/TCP_SLOW_INTERVAL
// slow ticks without backoff (tcp.c tcp_slowtmr skips the backoff in SYN_SENT,
// all versions), so the time is (N·r + 1) ticks for N = TCP_SYNMAXRTX; an RTO
// of 0 ticks resends on every tick.
func SynGiveUp(cfg *lwipopts.Config) (Budget, bool) {
	in, ok := readTiming(cfg)
	if !ok {
		return Budget{}, false
	}
	r := max(in.rtoTicks, 1)
	ticks := in.syn*r + 1
	b := Budget{
		Name:   "syn-give-up",
		Title:  "connect to a silent host gives up after",
		Millis: ticks * in.slow,
		Formula: fmt.Sprintf("(TCP_SYNMAXRTX·r + 1) × TCP_SLOW_INTERVAL = (%d·%d + 1) × %d ms, r = %s / %d ms = %d ticks, no backoff in SYN_SENT",
			in.syn, r, in.slow, in.rtoFrom, in.slow, in.rtoTicks),
		Notes: []string{
			fmt.Sprintf("%d SYNs are sent; the connection then fails with ERR_ABRT (ECONNABORTED)", in.syn+1),
			"up to one slow tick less, depending on when the first timer tick comes",
			"an RST from the peer ends the attempt at once with ERR_RST (ECONNRESET), whatever TCP_SYNMAXRTX is",
		},
	}
	if in.rtoTicks == 0 {
		b.Notes = append(b.Notes, "the initial RTO rounds down to 0 ticks: the SYN is resent on every slow tick")
	}
	return b, true
}

// DataGiveUp returns the time after which an established connection whose
// peer stopped answering is aborted: TCP_MAXRTX retransmissions, the k-th
// after the base RTO shifted by tcp_backoff[k-1] ticks, capped at 0x7FFF
// ticks from lwIP 2.1 (2.0.3 stores the shifted value in an s16_t without a
// cap), then one more tick. The base RTO is taken as the initial one, as
// before any round-trip sample.
func DataGiveUp(cfg *lwipopts.Config) (Budget, bool) {
	in, ok := readTiming(cfg)
	if !ok || in.data < 0 {
		return Budget{}, false
	}
	base := in.rtoTicks
	total := max(in.rtoTicks, 1)
	steps := []string{fmt.Sprint(max(in.rtoTicks, 1))}
	for k := int64(1); k < in.data; k++ {
		rto := base << tcpBackoff[min(k-1, 12)]
		if cfg.Version >= "2.1" {
			rto = min(rto, 0x7FFF)
		} else {
			rto = int64(int16(rto))
		}
		rto = max(rto, 1)
		total += rto
		steps = append(steps, fmt.Sprint(rto))
	}
	if in.data == 0 {
		total, steps = 0, nil
	}
	total++
	capNote := "the shifted RTO is capped at 0x7FFF ticks (lwIP 2.1 and later)"
	if cfg.Version < "2.1" {
		capNote = "lwIP 2.0.3 stores the shifted RTO in an s16_t without a cap"
	}
	return Budget{
		Name:   "data-give-up",
		Title:  "unacknowledged data gives up after",
		Millis: total * in.slow,
		Formula: fmt.Sprintf("(sum of %d RTOs + 1) × TCP_SLOW_INTERVAL = (%s + 1) × %d ms, RTO_k = r << tcp_backoff[k-1], r = %d ticks",
			in.data, strings.Join(steps, " + "), in.slow, in.rtoTicks),
		Notes: []string{
			"assumes the initial RTO (no round-trip sample yet); measured RTTs change the base",
			capNote,
			"the connection then fails with ERR_ABRT (ECONNABORTED)",
		},
	}, true
}

// Timing returns the time budgets of the configuration: SYN give-up, data
// retransmission give-up, TIME_WAIT hold, keepalive detection and the fixed
// FIN_WAIT_2 and SYN_RCVD timeouts. Budgets whose inputs have no value are
// left out.
func Timing(cfg *lwipopts.Config) []Budget {
	var out []Budget
	if b, ok := SynGiveUp(cfg); ok {
		out = append(out, b)
	}
	if b, ok := DataGiveUp(cfg); ok {
		out = append(out, b)
	}
	if msl, ok := cfg.Int("TCP_MSL"); ok {
		out = append(out, Budget{
			Name: "time-wait", Title: "a closed connection holds its PCB in TIME_WAIT for",
			Millis:  2 * msl,
			Formula: fmt.Sprintf("2 × TCP_MSL = 2 × %d ms", msl),
			Notes:   []string{"with the pool allocator tcp_alloc reclaims the oldest TIME_WAIT PCB when the pool is full; with MEMP_MEM_MALLOC 1 they stay on the heap"},
		})
	}
	idle, ok1 := cfg.Int("TCP_KEEPIDLE_DEFAULT")
	cnt, ok2 := cfg.Int("TCP_KEEPCNT_DEFAULT")
	intvl, ok3 := cfg.Int("TCP_KEEPINTVL_DEFAULT")
	if ok1 && ok2 && ok3 {
		out = append(out, Budget{
			Name: "keepalive", Title: "keepalive detects a dead peer after",
			Millis:  idle + cnt*intvl,
			Formula: fmt.Sprintf("TCP_KEEPIDLE_DEFAULT + TCP_KEEPCNT_DEFAULT × TCP_KEEPINTVL_DEFAULT = %d + %d × %d ms", idle, cnt, intvl),
			Notes:   []string{"only for PCBs with SO_KEEPALIVE set; per-PCB values override the defaults when LWIP_TCP_KEEPALIVE is 1"},
		})
	}
	for _, t := range []struct{ name, macro, title string }{
		{"fin-wait-2", "TCP_FIN_WAIT_TIMEOUT", "a half-closed connection waits in FIN_WAIT_2 for"},
		{"syn-rcvd", "TCP_SYN_RCVD_TIMEOUT", "an unanswered SYN_RCVD connection is dropped after"},
	} {
		if v, ok := cfg.Int(t.macro); ok {
			out = append(out, Budget{Name: t.name, Title: t.title, Millis: v,
				Formula: fmt.Sprintf("%s = %d ms", t.macro, v)})
		}
	}
	return out
}
