package lint

import (
	"fmt"
	"strings"

	"github.com/lwiplint/lwiplint/lwipopts"
)

// Budget is a time a configuration implies, with the formula that gives it.
// lwIP's TCP timers count whole slow-timer ticks (tcp_slowtmr, every
// TCP_SLOW_INTERVAL ms), so a budget is a number of ticks; Millis is that
// number times TCP_SLOW_INTERVAL. internal/lwiprun's tests check every
// budget against the real lwIP core run in simulated time, to the tick.
type Budget struct {
	// Name is a stable key: "syn-give-up", "data-give-up", "time-wait",
	// "keepalive", "fin-wait-2", "syn-rcvd".
	Name  string `json:"name"`
	Title string `json:"title"`
	// Ticks is the time in slow-timer ticks, counted from the event (the
	// connect, the data sent, the last segment received) to the tick that
	// ends it.
	Ticks int64 `json:"ticks"`
	// Millis is Ticks × TCP_SLOW_INTERVAL: the real time is up to one tick
	// shorter, by when the event falls between two ticks.
	Millis int64 `json:"millis"`
	// Formula shows the computation with the configuration's values.
	Formula string `json:"formula"`
	// Notes states assumptions and caveats.
	Notes []string `json:"notes,omitempty"`
	// KB names the knowledge-base entries about the symptom the budget
	// explains (what an application sees when it runs out).
	KB []string `json:"kb,omitempty"`
}

// budgetKB links each budget to the entries that explain what it looks
// like at run time.
var budgetKB = map[string][]string{
	"syn-give-up":  {"embedded/lwip-tcp-connect-gives-up-after-18s"},
	"data-give-up": {"embedded/lwip-tcp-dead-peer-detection-time"},
	"keepalive":    {"embedded/lwip-tcp-dead-peer-detection-time"},
	"time-wait":    {"embedded/lwip-time-wait-pcbs-msl"},
}

func (b Budget) String() string {
	return fmt.Sprintf("%s: %s (%s)", b.Title, FormatMillis(b.Millis), b.Formula)
}

// rangeNote says what real times a budget of ticks slow ticks covers.
func rangeNote(ticks, slow int64) string {
	return fmt.Sprintf("%d slow ticks: the real time is in (%s, %s], by where the event falls between two ticks of the TCP timer (tcp_tmr runs tcp_slowtmr on every second call, lwIP 2.1.3 tcp.c L239)",
		ticks, FormatMillis((ticks-1)*slow), FormatMillis(ticks*slow))
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
// all versions), and the tick after the N-th resend (N = TCP_SYNMAXRTX)
// finds nrtx >= TCP_SYNMAXRTX (2.1.3 tcp.c L1229): N·r + 1 ticks. An RTO of
// 0 ticks resends on every tick.
func SynGiveUp(cfg *lwipopts.Config) (Budget, bool) {
	in, ok := readTiming(cfg)
	if !ok {
		return Budget{}, false
	}
	r := max(in.rtoTicks, 1)
	// tcp_slowtmr tests nrtx >= TCP_MAXRTX right after the SYN_SENT test
	// (2.1.3 tcp.c L1229-1232), for every state: a smaller TCP_MAXRTX ends
	// the connect first.
	n, name := in.syn, "TCP_SYNMAXRTX"
	if in.data >= 0 && in.data < in.syn {
		n, name = in.data, "TCP_MAXRTX"
	}
	ticks := n*r + 1
	b := Budget{
		Name:   "syn-give-up",
		Title:  "connect to a silent host gives up after",
		Ticks:  ticks,
		Millis: ticks * in.slow,
		Formula: fmt.Sprintf("(%s·r + 1) × TCP_SLOW_INTERVAL = (%d·%d + 1) × %d ms, r = %s / %d ms = %d ticks, no backoff in SYN_SENT",
			name, n, r, in.slow, in.rtoFrom, in.slow, in.rtoTicks),
		Notes: []string{
			fmt.Sprintf("%d SYNs are sent; the connection then fails with ERR_ABRT (ECONNABORTED)", n+1),
			rangeNote(ticks, in.slow),
			"an RST from the peer that acknowledges the SYN (ack = ISN+1) ends the attempt at once with ERR_RST (ECONNRESET), whatever TCP_SYNMAXRTX is; an RST with any other ack is ignored",
		},
	}
	if tmr, ok := cfg.Int("TCP_TMR_INTERVAL"); ok && tmr > 0 {
		// tcp_timer_needed (timeouts.c 2.1.3 L166) arms the first
		// tcp_tmr TCP_TMR_INTERVAL after the connect, and tcp_tmr's first
		// call after boot runs tcp_slowtmr (tcp.c L239: ++tcp_timer & 1).
		b.Notes = append(b.Notes, fmt.Sprintf("%s when this connect starts lwIP's TCP timer, as the first connection after boot does: the first slow tick comes TCP_TMR_INTERVAL (%d ms) after the connect",
			FormatMillis((ticks-1)*in.slow+tmr), tmr))
	}
	if name == "TCP_MAXRTX" {
		b.Notes = append(b.Notes, fmt.Sprintf("TCP_MAXRTX %d is below TCP_SYNMAXRTX %d and tcp_slowtmr tests it in SYN_SENT too (tcp.c 2.1.3 L1232): it ends the connect", in.data, in.syn))
	}
	if in.rtoTicks == 0 {
		b.Notes = append(b.Notes, "the initial RTO rounds down to 0 ticks: the SYN is resent on every slow tick")
	}
	return b, true
}

// dataTicks returns the ticks from the first transmission of a segment that
// is never acknowledged to the abort, and the RTOs between transmissions,
// for a PCB whose nrtx is spent at the start. tcp_slowtmr (2.1.3 tcp.c
// L1232-1296) retransmits when rtime reaches rto, then sets rto to
// ((sa >> 3) + sv) << tcp_backoff[nrtx] (sa = 0 and sv = r before any
// round-trip sample) and increments nrtx; the tick after nrtx reaches
// TCP_MAXRTX aborts. lwIP 2.1 caps the shifted RTO at 0x7FFF ticks; 2.0.3
// stores it in an s16_t without a cap.
func dataTicks(in timingInputs, version string, spent int64) (int64, []int64) {
	r := in.rtoTicks
	rto := max(r, 1) // the first wait: the initial RTO
	var total int64
	var steps []int64
	for nrtx := spent; nrtx < in.data; nrtx++ {
		total += rto
		steps = append(steps, rto)
		rto = r << tcpBackoff[min(nrtx, 12)]
		if version >= "2.1" {
			rto = min(rto, 0x7FFF)
		} else {
			rto = int64(int16(rto))
		}
		rto = max(rto, 1)
	}
	return total + 1, steps
}

// DataGiveUp returns the time after which an established connection whose
// peer stopped answering is aborted: TCP_MAXRTX retransmissions ([dataTicks]),
// then one more tick. The base RTO is taken as the initial one, as before
// any round-trip sample.
func DataGiveUp(cfg *lwipopts.Config) (Budget, bool) {
	in, ok := readTiming(cfg)
	if !ok || in.data < 0 {
		return Budget{}, false
	}
	ticks, steps := dataTicks(in, cfg.Version, 0)
	terms := make([]string, len(steps))
	for i, s := range steps {
		terms[i] = fmt.Sprint(s)
	}
	sum := strings.Join(terms, " + ")
	if sum == "" {
		sum = "0"
	}
	capNote := "the shifted RTO is capped at 0x7FFF ticks (lwIP 2.1 and later)"
	if cfg.Version < "2.1" {
		capNote = "lwIP 2.0.3 stores the shifted RTO in an s16_t without a cap"
	}
	notes := []string{
		"assumes the initial RTO (no round-trip sample yet); measured RTTs change the base",
		capNote,
		"the connection then fails with ERR_ABRT (ECONNABORTED)",
	}
	if in.syn > 0 && in.data > 0 {
		spent, _ := dataTicks(in, cfg.Version, min(in.syn, in.data))
		// tcp_in.c 2.1.3 L894-899: a SYN-ACK that leaves nothing
		// unacknowledged does not reset nrtx.
		notes = append(notes, fmt.Sprintf("SYN retries spent on the connect are not reset by the SYN-ACK when nothing else was queued (tcp_in.c 2.1.3 L894-899): they count against TCP_MAXRTX, so the first data give-up after k SYN retries is shorter (%s after %d)",
			FormatMillis(spent*in.slow), min(in.syn, in.data)))
	}
	return Budget{
		Name:   "data-give-up",
		Title:  "unacknowledged data gives up after",
		Ticks:  ticks,
		Millis: ticks * in.slow,
		Formula: fmt.Sprintf("(RTO_1 + … + RTO_%d + 1) × TCP_SLOW_INTERVAL = (%s + 1) × %d ms, RTO_1 = r, RTO_k = r << tcp_backoff[k-2] for k ≥ 2, r = %d ticks",
			in.data, sum, in.slow, in.rtoTicks),
		Notes: notes,
	}, true
}

// DataGiveUpAfterSynRetries is [DataGiveUp]'s time for a connection whose
// connect spent synRetries SYN retransmissions (see its note), in ticks.
func DataGiveUpAfterSynRetries(cfg *lwipopts.Config, synRetries int64) (int64, bool) {
	in, ok := readTiming(cfg)
	if !ok || in.data < 0 {
		return 0, false
	}
	ticks, _ := dataTicks(in, cfg.Version, min(synRetries, in.data))
	return ticks, true
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
	slow, okSlow := cfg.Int("TCP_SLOW_INTERVAL")
	if !okSlow || slow <= 0 {
		return out
	}
	// strict returns the ticks of a timeout lwIP tests as
	// (u32_t)(tcp_ticks - pcb->tmr) > ms / TCP_SLOW_INTERVAL: one tick more
	// than the whole ticks in ms.
	strict := func(ms int64) int64 { return ms/slow + 1 }
	// With TCP_MAXRTX 0, tcp_slowtmr's nrtx >= TCP_MAXRTX test (tcp.c 2.1.3
	// L1232) removes every active PCB, idle or not, on its first tick.
	maxrtx, okMax := cfg.Int("TCP_MAXRTX")
	killAll := okMax && maxrtx == 0
	const killAllFormula = "TCP_MAXRTX 0: tcp_slowtmr removes every active PCB on its first tick, idle or not (nrtx 0 >= TCP_MAXRTX, tcp.c 2.1.3 L1232)"
	if msl, ok := cfg.Int("TCP_MSL"); ok {
		t := strict(2 * msl)
		out = append(out, Budget{
			Name: "time-wait", Title: "a closed connection holds its PCB in TIME_WAIT for",
			Ticks: t, Millis: t * slow,
			Formula: fmt.Sprintf("(2 × TCP_MSL / TCP_SLOW_INTERVAL + 1) × TCP_SLOW_INTERVAL = (2 × %d / %d + 1) × %d ms: tcp_slowtmr removes it when more than 2·TCP_MSL of whole ticks have passed (tcp.c 2.1.3 L1446)", msl, slow, slow),
			Notes: []string{
				"tcp_alloc reclaims the oldest TIME_WAIT PCB when it cannot allocate one (tcp.c 2.1.3 tcp_alloc L1841-1848): when the pool is full, or with MEMP_MEM_MALLOC 1 once the heap itself is exhausted",
				"counted from the peer's FIN; only the side that closes first enters TIME_WAIT",
			},
		})
	}
	idle, ok1 := cfg.Int("TCP_KEEPIDLE_DEFAULT")
	cnt, ok2 := cfg.Int("TCP_KEEPCNT_DEFAULT")
	intvl, ok3 := cfg.Int("TCP_KEEPINTVL_DEFAULT")
	if ok1 && ok2 && ok3 {
		t := strict(idle + cnt*intvl)
		formula := fmt.Sprintf("((TCP_KEEPIDLE_DEFAULT + TCP_KEEPCNT_DEFAULT × TCP_KEEPINTVL_DEFAULT) / TCP_SLOW_INTERVAL + 1) × TCP_SLOW_INTERVAL = ((%d + %d × %d) / %d + 1) × %d ms (tcp.c 2.1.3 L1333, strict >)", idle, cnt, intvl, slow, slow)
		if killAll {
			t, formula = 1, killAllFormula
		}
		out = append(out, Budget{
			Name: "keepalive", Title: "keepalive detects a dead peer after",
			Ticks: t, Millis: t * slow,
			Formula: formula,
			Notes: []string{
				fmt.Sprintf("counted from the last segment received; %d probes are sent, then an RST, and the connection fails with ERR_ABRT", cnt),
				"only for PCBs with SO_KEEPALIVE set; per-PCB values override the defaults when LWIP_TCP_KEEPALIVE is 1",
			},
		})
	}
	if v, ok := cfg.Int("TCP_FIN_WAIT_TIMEOUT"); ok {
		t := strict(v)
		formula := fmt.Sprintf("(TCP_FIN_WAIT_TIMEOUT / TCP_SLOW_INTERVAL + 1) × TCP_SLOW_INTERVAL = (%d / %d + 1) × %d ms (tcp.c 2.1.3 L1321, strict >)", v, slow, slow)
		if killAll {
			t, formula = 1, killAllFormula
		}
		out = append(out, Budget{
			Name: "fin-wait-2", Title: "a closed connection whose peer never sends its FIN waits in FIN_WAIT_2 for",
			Ticks: t, Millis: t * slow,
			Formula: formula,
			Notes: []string{
				"only after close() or shutdown of both directions (TF_RXCLOSED, tcp.c 2.1.3 L1319): a shutdown(SHUT_WR) half-close waits in FIN_WAIT_2 without a limit",
				"counted from the last segment received (the ACK of our FIN)",
			},
		})
	}
	if v, ok := cfg.Int("TCP_SYN_RCVD_TIMEOUT"); ok {
		t := strict(v)
		formula := fmt.Sprintf("(TCP_SYN_RCVD_TIMEOUT / TCP_SLOW_INTERVAL + 1) × TCP_SLOW_INTERVAL = (%d / %d + 1) × %d ms (tcp.c 2.1.3 L1365, strict >)", v, slow, slow)
		// The SYN-ACK is retransmitted with backoff and TCP_MAXRTX
		// applies in SYN_RCVD as to data (tcp.c 2.1.3 L1232): whichever
		// ends first removes the PCB.
		if in, ok := readTiming(cfg); ok && in.data >= 0 {
			if d, _ := dataTicks(in, cfg.Version, 0); d < t {
				t = d
				formula = fmt.Sprintf("the SYN-ACK's TCP_MAXRTX %d retransmissions end first: %d ticks × %d ms, before TCP_SYN_RCVD_TIMEOUT %d ms", in.data, d, slow, v)
			}
		}
		out = append(out, Budget{
			Name: "syn-rcvd", Title: "an unanswered SYN_RCVD connection is dropped after",
			Ticks: t, Millis: t * slow, Formula: formula,
			Notes: []string{"counted from the SYN; the SYN-ACK is retransmitted meanwhile, with backoff"},
		})
	}
	for i := range out {
		out[i].KB = budgetKB[out[i].Name]
	}
	return out
}
