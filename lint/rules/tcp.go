package rules

import (
	"fmt"

	"github.com/lwiplint/lwiplint/lint"
)

const (
	adviceSeed       = "embedded/lwip-tcp-connection-reset-during-handshake"
	adviceConnect18s = "embedded/lwip-tcp-connect-gives-up-after-18s"
)

var lw1001 = &lint.Rule{
	ID: "LW1001", Name: "syn-retries-raised",
	Title:    "TCP_SYNMAXRTX is raised above lwIP's default",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What: "TCP_SYNMAXRTX is set above lwIP's default of 6, often to cure a connect that fails with ERR_RST/ECONNRESET.",
		Bad:  "#define TCP_SYNMAXRTX 12",
		Good: "/* keep lwIP's default; handle ERR_RST and retry in the application */",
		Why: "An RST received in SYN-SENT is accepted at once (tcp_in.c tcp_process) and the connection fails with ERR_RST, " +
			"ECONNRESET at the socket layer, whatever the retry count: more retries cannot prevent a reset. " +
			"They only lengthen the wait for a host that never answers: SYNs are resent at a fixed interval " +
			"(no backoff in SYN_SENT, tcp.c tcp_slowtmr), so the attempt lasts about (N·r + 1) slow ticks.",
		Ignore: "When you really want a connect to a silent host to wait longer, and accept the blocking time shown. It is a " +
			"warning because the usual reason for the change, a connect that fails with ERR_RST, is not cured by it, and the " +
			"message gives the longer give-up time. It stays silent on a value the user did not choose: lwIP's default, and a vendor's " +
			"default such as ESP-IDF's Kconfig default of 12 (with ESP-IDF's LWIP_TCP_RTO_TIME of 1500 ms it gives the same " +
			"(12·3 + 1) × 500 ms = 18.5 s as stock lwIP's 6 with 3000 ms).",
	},
	Advice: []string{adviceSeed, adviceConnect18s},
	Check:  checkSynRetriesRaised,
}

func checkSynRetriesRaised(p *lint.Pass) {
	n, ok := p.Int("TCP_SYNMAXRTX")
	o := p.Config.Option("TCP_SYNMAXRTX")
	if !ok || !chosen(p, "TCP_SYNMAXRTX") || o.Default == nil || !o.Default.HasValue || n <= o.Default.Value.Int {
		return
	}
	b, ok := lint.SynGiveUp(p.Config)
	if !ok {
		return
	}
	extra := ""
	if n > 12 {
		extra = "; above 12 lwIP refuses to build"
	}
	p.Reportf([]string{"TCP_SYNMAXRTX"},
		"%s raises SYN retries above lwIP's default %d: a connect to a silent host now gives up after %s (%s), and no retry count prevents a reset: an RST in SYN-SENT aborts at once with ERR_RST (ECONNRESET)%s",
		p.Describe("TCP_SYNMAXRTX"), o.Default.Value.Int, lint.FormatMillis(b.Millis), b.Formula, extra)
}

var lw1002 = &lint.Rule{
	ID: "LW1002", Name: "retries-zero",
	Title:    "TCP_SYNMAXRTX or TCP_MAXRTX is 0",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What: "A retry count of 0: lwIP only checks the upper limit of 12.",
		Bad:  "#define TCP_SYNMAXRTX 0",
		Good: "#define TCP_SYNMAXRTX 6",
		Why: "With TCP_SYNMAXRTX 0 a connect is aborted with ERR_ABRT on the first slow-timer tick after a single SYN (≤ 0.5 s); " +
			"with TCP_MAXRTX 0 one lost segment aborts an established connection. ESP-IDF's Kconfig allows 3..12.",
		Ignore: "Never on a real network. The rule stays silent when the value is not the user's choice or is unknown.",
	},
	Advice: []string{adviceConnect18s},
	Check:  checkRetriesZero,
}

func checkRetriesZero(p *lint.Pass) {
	for _, name := range []string{"TCP_SYNMAXRTX", "TCP_MAXRTX"} {
		if v, ok := p.Int(name); ok && v == 0 && chosen(p, name) {
			what := "a connect is aborted with ERR_ABRT on the first slow-timer tick after a single SYN"
			if name == "TCP_MAXRTX" {
				what = "a single lost segment aborts an established connection with ERR_ABRT"
			}
			p.Reportf([]string{name}, "%s allows no retransmission: %s", p.Describe(name), what)
		}
	}
}

var lw1003 = &lint.Rule{
	ID: "LW1003", Name: "window-below-two-segments",
	Title:    "TCP_WND is smaller than two segments",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What: "TCP_WND is at least one but less than two segments (2 * TCP_MSS), often set small \"to disable window scaling\".",
		Bad:  "#define TCP_MSS 1460\n#define TCP_WND 2048",
		Good: "#define TCP_MSS 1460\n#define TCP_WND (4 * TCP_MSS)",
		Why: "Window scaling is already off unless LWIP_WND_SCALE is 1, so a small window does not change it; it only limits " +
			"throughput to TCP_WND per round trip and, below two segments, stalls the peer on delayed ACKs. " +
			"lwIP's opt.h documents that TCP_WND \"must be at least (2 * TCP_MSS) for things to work well\" (all versions); " +
			"its default is 4 * TCP_MSS. Below one segment lwIP refuses to build (LW1124).",
		Ignore: "On a memory-starved device that only exchanges small messages. The rule stays silent when TCP_WND is lwIP's " +
			"default (4 * TCP_MSS) or depends on a header that was not read.",
	},
	Advice: []string{adviceSeed},
	Check:  checkWindowBelowTwoSegments,
}

func checkWindowBelowTwoSegments(p *lint.Pass) {
	v, ok := p.Ints("TCP_WND", "TCP_MSS")
	if !ok || !p.UserSet("TCP_WND") || v[0] < v[1] || v[0] >= 2*v[1] {
		return
	}
	scale := "window scaling is off anyway (LWIP_WND_SCALE is 0), so a small window only costs throughput"
	if s, _ := p.Int("LWIP_WND_SCALE"); s != 0 {
		scale = "a small window does not disable window scaling; it only costs throughput"
	}
	p.Reportf([]string{"TCP_WND"}, "%s < 2*TCP_MSS = %d with %s: %s (at most one segment per round trip, delayed ACKs stall the peer)",
		p.Describe("TCP_WND"), 2*v[1], p.Describe("TCP_MSS"), scale)
}

var lw1004 = &lint.Rule{
	ID: "LW1004", Name: "tls-window-below-record",
	Title:    "TCP_WND with altcp TLS cannot hold a full TLS record",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What: "LWIP_ALTCP_TLS is on and TCP_WND is smaller than the largest TLS record (16 KiB of plaintext plus up to 2048 bytes of expansion and a 5-byte header, RFC 5246 §6.2.3).",
		Bad:  "#define LWIP_ALTCP 1\n#define LWIP_ALTCP_TLS 1\n#define TCP_WND 16384",
		Good: "#define LWIP_ALTCP 1\n#define LWIP_ALTCP_TLS 1\n#define TCP_WND (24 * 1024)",
		Why: "The TLS layer needs a whole record before it can decrypt and acknowledge it to TCP; with TCP_WND exactly 16384 " +
			"the window fills before the record is complete and a large download stalls with a zero window (raspberrypi/pico-sdk #2847).",
		Ignore: "When the peer is known to send small records (for example with the max_fragment_length extension). When " +
			"TCP_WND is lwIP's default rather than the user's choice, the finding is info, placed at LWIP_ALTCP_TLS.",
	},
	Advice: []string{"embedded/lwip-tls-window-16k-deadlock"},
	Check:  checkTLSWindow,
}

// maxTLSRecord is the largest TLS 1.2 record on the wire: 2^14 + 2048
// bytes of ciphertext and a 5-byte header (RFC 5246 §6.2.3).
const maxTLSRecord = 16384 + 2048 + 5

func checkTLSWindow(p *lint.Pass) {
	v, ok := p.Ints("LWIP_ALTCP_TLS", "TCP_WND")
	if !ok || v[0] == 0 || v[1] >= maxTLSRecord {
		return
	}
	f := p.At([]string{"TCP_WND", "LWIP_ALTCP_TLS"}, "%s with %s is smaller than a full TLS record of up to %d bytes: the window can fill before a record is complete, and a download stalls with a zero window",
		p.Describe("TCP_WND"), p.Describe("LWIP_ALTCP_TLS"), maxTLSRecord)
	if !chosen(p, "TCP_WND") {
		// lwIP's default (4 * TCP_MSS) is broken for this use, but it is
		// lwIP's choice: info, at the user's LWIP_ALTCP_TLS (the policy).
		f.Severity = lint.Info
		f.Message += "; TCP_WND is lwIP's default, set it for TLS"
	}
	p.Report(f)
}

var lw1005 = &lint.Rule{
	ID: "LW1005", Name: "snd-buf-u16-truncation",
	Title:    "TCP_SND_BUF above 0xFFFF is truncated without window scaling",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What: "TCP_SND_BUF is larger than 0xFFFF while LWIP_WND_SCALE is 0.",
		Bad:  "#define TCP_SND_BUF 70000",
		Good: "#define TCP_SND_BUF 65535",
		Why: "pcb->snd_buf has type tcpwnd_size_t, a u16_t unless LWIP_WND_SCALE is 1 (lwip/tcpbase.h, tcp.h in 2.0.3). " +
			"From 0x10000 up to about 2·(0xFFFF − 4·TCP_MSS) no init.c check stops the build and the value is truncated modulo " +
			"65536 (genodelabs/genode #716): the send buffer is much smaller than configured, a warning since lwIP still works. " +
			"The build is not silent: gcc's -Woverflow (on by default) warns \"unsigned conversion from 'int' to 'tcpwnd_size_t' " +
			"changes value\" at tcp_alloc's two assignments (2.1.3 tcp.c L1893 and L1914, 2.2.1 L1896 and L1919), but a " +
			"warning in a long build log is easy to miss and the firmware links. " +
			"Above that, TCP_SNDLOWAT (half of TCP_SND_BUF by default) reaches 0xFFFF − 4·TCP_MSS and init.c stops with " +
			"\"TCP_SNDLOWAT must at least be 4*MSS below u16_t overflow!\" (2.1.3 init.c L309), which the replayed check reports as an error.",
		Ignore: "Never. The rule stays silent where the replayed init.c check stops the build.",
	},
	Advice: []string{"embedded/lwip-tcp-snd-buf-u16-overflow"},
	Check:  checkSndBufTruncation,
}

func checkSndBufTruncation(p *lint.Pass) {
	v, ok := p.Ints("TCP_SND_BUF", "LWIP_WND_SCALE", "LWIP_TCP")
	if !ok || v[2] == 0 || v[1] != 0 || v[0] <= 0xFFFF {
		return
	}
	// init.c (2.1.3 L309, all 2.x): #if TCP_SNDLOWAT >= (0xFFFF - (4 * TCP_MSS)) stops the build; that is reported there.
	if w, ok := p.Ints("TCP_SNDLOWAT", "TCP_MSS", "LWIP_DISABLE_TCP_SANITY_CHECKS"); ok && w[2] == 0 && w[0] >= 0xFFFF-4*w[1] {
		return
	}
	p.Reportf([]string{"TCP_SND_BUF"}, "%s does not fit the u16_t snd_buf while LWIP_WND_SCALE is 0: tcp_alloc() truncates it to %d (gcc warns only with -Woverflow, and the build goes on)",
		p.Describe("TCP_SND_BUF"), v[0]&0xFFFF)
}

var lw1006 = &lint.Rule{
	ID: "LW1006", Name: "wnd-scale-without-rcv-scale",
	Title:    "LWIP_WND_SCALE is defined but TCP_RCV_SCALE is not",
	Severity: lint.Error, Since: "0.1.0",
	Doc: lint.Doc{
		What: "lwipopts.h defines LWIP_WND_SCALE to a non-zero value but does not define TCP_RCV_SCALE.",
		Bad:  "#define LWIP_WND_SCALE 1\n#define TCP_WND (64 * 1024)",
		Good: "#define LWIP_WND_SCALE 1\n#define TCP_RCV_SCALE 2\n#define TCP_WND (64 * 1024)",
		Why: "opt.h defines TCP_RCV_SCALE 0 only in the block taken when LWIP_WND_SCALE is not defined. Defined LWIP_WND_SCALE " +
			"leaves TCP_RCV_SCALE undefined: init.c's #if reads it as 0 (so any TCP_WND above 0xFFFF fails with a misleading " +
			"\"TCP_WND is bigger than the configured LWIP_WND_SCALE allows!\"), and tcp_in.c/tcp_out.c stop with \"TCP_RCV_SCALE undeclared\".",
		Ignore: "The rule stays silent on LWIP_WND_SCALE 0: every use of TCP_RCV_SCALE is under #if LWIP_WND_SCALE (lwIP 2.1.3 " +
			"init.c L139-148, tcp_in.c L1963, tcp_out.c L1225 and L1995), so that configuration builds. It also stays silent when " +
			"LWIP_WND_SCALE has no value it can compute.",
	},
	Advice: []string{"embedded/lwip-wnd-scale-without-rcv-scale"},
	Check:  checkWndScaleWithoutRcvScale,
}

func checkWndScaleWithoutRcvScale(p *lint.Pass) {
	if !p.UserSet("LWIP_WND_SCALE") || p.Config.Option("TCP_RCV_SCALE").Defined {
		return
	}
	if v, ok := p.Int("LWIP_WND_SCALE"); !ok || v == 0 {
		return // TCP_RCV_SCALE is only read under #if LWIP_WND_SCALE
	}
	if v, ok := p.Int("LWIP_TCP"); ok && v == 0 {
		return
	}
	p.Reportf([]string{"LWIP_WND_SCALE"}, "%s is defined but TCP_RCV_SCALE is not: opt.h then gives TCP_RCV_SCALE no default, init.c reads it as 0 and tcp_in.c/tcp_out.c fail with \"TCP_RCV_SCALE undeclared\"",
		p.Describe("LWIP_WND_SCALE"))
}

var lw1007 = &lint.Rule{
	ID: "LW1007", Name: "api-selection-one-sided",
	Title:    "Only one of LWIP_EVENT_API and LWIP_CALLBACK_API is set, to 0",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What: "lwipopts.h sets one of LWIP_EVENT_API and LWIP_CALLBACK_API to 0 and leaves the other unset.",
		Bad:  "#define LWIP_EVENT_API 0",
		Good: "#define LWIP_EVENT_API 0\n#define LWIP_CALLBACK_API 1",
		Why: "opt.h gives EVENT 0 / CALLBACK 1 only when neither macro is defined; when one is defined, the other defaults to 0. " +
			"Setting one to 0 alone therefore turns both off and init.c stops with \"One and exactly one of LWIP_EVENT_API and LWIP_CALLBACK_API has to be enabled\".",
		Ignore: "Never; define both. The rule stays silent when the user sets both or neither.",
	},
	Advice: []string{"embedded/lwip-api-selection-one-sided"},
	Check:  checkAPISelection,
}

func checkAPISelection(p *lint.Pass) {
	ev, cb := p.UserSet("LWIP_EVENT_API"), p.UserSet("LWIP_CALLBACK_API")
	if ev == cb {
		return
	}
	set, other := "LWIP_EVENT_API", "LWIP_CALLBACK_API"
	if cb {
		set, other = other, set
	}
	if v, ok := p.Int(set); !ok || v != 0 {
		return
	}
	p.Reportf([]string{set}, "%s is set without %s: opt.h then defaults %s to 0 as well, not 1, so no TCP callback API is selected",
		p.Describe(set), other, other)
}

var lw1008 = &lint.Rule{
	ID: "LW1008", Name: "rto-below-slow-interval",
	Title:    "The initial RTO is shorter than one slow-timer tick",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What: "The initial retransmission timeout (LWIP_TCP_RTO_TIME from lwIP 2.2.0, 3000 ms before) is below TCP_SLOW_INTERVAL.",
		Bad:  "#define TCP_TMR_INTERVAL 1000\n#define LWIP_TCP_RTO_TIME 1500",
		Good: "#define TCP_TMR_INTERVAL 250\n#define LWIP_TCP_RTO_TIME 1500",
		Why: "The initial RTO is LWIP_TCP_RTO_TIME / TCP_SLOW_INTERVAL in whole slow-timer ticks (tcp.c tcp_alloc). Below one " +
			"tick it is 0: SYNs and the first data retransmission go out on every slow tick, not after the intended time.",
		Ignore: "Never.",
	},
	Advice: []string{"embedded/lwip-rto-below-slow-timer", adviceConnect18s},
	Check:  checkRTOBelowSlow,
}

func checkRTOBelowSlow(p *lint.Pass) {
	slow, ok := p.Int("TCP_SLOW_INTERVAL")
	if !ok || slow <= 0 {
		return
	}
	names := []string{"TCP_TMR_INTERVAL", "TCP_SLOW_INTERVAL"}
	rto, what := int64(3000), "the hard-coded 3000 ms"
	if p.Config.Version >= "2.2.0" {
		if rto, ok = p.Int("LWIP_TCP_RTO_TIME"); !ok {
			return
		}
		names = append([]string{"LWIP_TCP_RTO_TIME"}, names...)
		what = p.Describe("LWIP_TCP_RTO_TIME")
	}
	if rto >= slow {
		return
	}
	p.Reportf(names, "initial RTO %s / %s = 0 ticks: SYNs and first retransmissions go out on every slow tick (%d ms)",
		what, p.Describe("TCP_SLOW_INTERVAL"), slow)
}

var lw1009 = &lint.Rule{
	ID: "LW1009", Name: "listen-backlog-not-enforced",
	Title:    "TCP_DEFAULT_LISTEN_BACKLOG is set but TCP_LISTEN_BACKLOG is 0",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What: "TCP_DEFAULT_LISTEN_BACKLOG is set to a value of its own while TCP_LISTEN_BACKLOG is 0 (the default).",
		Bad:  "#define TCP_DEFAULT_LISTEN_BACKLOG 2",
		Good: "#define TCP_LISTEN_BACKLOG 1\n#define TCP_DEFAULT_LISTEN_BACKLOG 2",
		Why:  "Without TCP_LISTEN_BACKLOG lwIP does not count pending connections at all, so the backlog value is ignored and a listener accepts as many connections as there are PCBs.",
		Ignore: "When the value is only kept for a build that turns TCP_LISTEN_BACKLOG on elsewhere. The rule stays silent when " +
			"TCP_DEFAULT_LISTEN_BACKLOG has lwIP's default value (0xff), as full copies of opt.h carry it: that is not a choice.",
	},
	Advice: []string{"embedded/lwip-listen-backlog-not-enforced"},
	Check:  checkListenBacklog,
}

func checkListenBacklog(p *lint.Pass) {
	if v, ok := p.Int("TCP_LISTEN_BACKLOG"); !ok || v != 0 || !chosen(p, "TCP_DEFAULT_LISTEN_BACKLOG") {
		return
	}
	limit := "as many as there are TCP PCBs"
	if n, ok := p.Ints("MEMP_NUM_TCP_PCB", "MEMP_MEM_MALLOC"); ok && n[1] == 0 {
		limit = fmt.Sprintf("up to %s", p.Describe("MEMP_NUM_TCP_PCB"))
	}
	p.Reportf([]string{"TCP_DEFAULT_LISTEN_BACKLOG"}, "%s is ignored: %s, so lwIP does not limit pending connections and a listener accepts %s",
		p.Describe("TCP_DEFAULT_LISTEN_BACKLOG"), p.Describe("TCP_LISTEN_BACKLOG"), limit)
}

var lw1010 = &lint.Rule{
	ID: "LW1010", Name: "tcp-pcb-pool-below-sockets",
	Title:    "Fewer TCP PCBs than netconns",
	Severity: lint.Info, Since: "0.1.0",
	Doc: lint.Doc{
		What: "MEMP_NUM_TCP_PCB is smaller than MEMP_NUM_NETCONN with the pool allocator.",
		Bad:  "#define MEMP_NUM_NETCONN 8\n#define MEMP_NUM_TCP_PCB 4",
		Good: "#define MEMP_NUM_NETCONN 8\n#define MEMP_NUM_TCP_PCB 8",
		Why: "The application can open more TCP sockets than there are PCBs. When the pool is full, tcp_alloc (tcp.c) reclaims the oldest " +
			"TIME_WAIT, then LAST_ACK, then CLOSING PCB, then calls tcp_kill_prio. From lwIP 2.1.0 that aborts the oldest active " +
			"connection of strictly lower priority (2.1.3 tcp.c tcp_kill_prio: prio < mprio after mprio--), so with the default " +
			"TCP_PRIO_NORMAL everywhere the new connection fails; lwIP 2.0.3 kills the oldest of the same or lower priority " +
			"(tcp.c L1476: pcb->prio <= mprio), so a new connection evicts an established one. Reconnect loops and dropped links " +
			"keep PCBs busy until their timeouts.",
		Ignore: "When some netconns are UDP or RAW only. The rule stays silent with MEMP_MEM_MALLOC 1 (no pool to exhaust) and when both values are lwIP's defaults.",
	},
	Advice: []string{"embedded/lwip-tcp-pcb-pool-full-drops-connection", "embedded/lwip-tcp-pcb-pool-exhausted-after-reconnects"},
	Check:  checkPCBPoolBelowSockets,
}

func checkPCBPoolBelowSockets(p *lint.Pass) {
	v, ok := p.Ints("MEMP_MEM_MALLOC", "LWIP_TCP", "MEMP_NUM_TCP_PCB", "MEMP_NUM_NETCONN", "LWIP_NETCONN", "LWIP_SOCKET")
	if !ok || v[0] != 0 || v[1] == 0 || v[4] == 0 && v[5] == 0 || v[2] >= v[3] || !chosen(p, "MEMP_NUM_TCP_PCB") && !chosen(p, "MEMP_NUM_NETCONN") {
		return
	}
	effect := "new connections fail, or tcp_alloc aborts the oldest connection of lower priority"
	if p.Config.Version < "2.1" {
		effect = "tcp_alloc aborts the oldest connection of the same or lower priority, so a new connection evicts an established one"
	}
	p.Reportf([]string{"MEMP_NUM_TCP_PCB", "MEMP_NUM_NETCONN"}, "%s < %s: with the pool full, %s",
		p.Describe("MEMP_NUM_TCP_PCB"), p.Describe("MEMP_NUM_NETCONN"), effect)
}

var lw1011 = &lint.Rule{
	ID: "LW1011", Name: "time-wait-heap-pcbs",
	Title:    "TIME_WAIT PCBs pile up on the heap with MEMP_MEM_MALLOC",
	Severity: lint.Info, Since: "0.1.0",
	Doc: lint.Doc{
		What: "MEMP_MEM_MALLOC is 1 and TCP_MSL keeps each closed connection's PCB for a minute or more.",
		Bad:  "#define MEMP_MEM_MALLOC 1",
		Good: "#define MEMP_MEM_MALLOC 1\n#define TCP_MSL 5000",
		Why: "An actively closed connection stays in TIME_WAIT for 2·TCP_MSL (120 s by default). With the pool allocator the oldest " +
			"TIME_WAIT PCB is reclaimed when the pool is full; with MEMP_MEM_MALLOC 1 nothing limits them, so many short connections " +
			"look like a heap leak and can exhaust the heap (espressif/esp-idf #9670, unikraft/lib-lwip PR #74).",
		Ignore: "When the device opens few connections or the peer closes first. The rule stays silent with the pool " +
			"allocator, when TCP_MSL is below 30 s, and when neither value is the user's choice (ESP-IDF's port sets both). Also silent for a fork whose data says it caps heap PCBs at MEMP_NUM_TCP_PCB and " +
			"reclaims TIME_WAIT first (esp-lwip 2.1.2-esp and 2.2.0-esp: ESP-IDF 4.4, 5.4, 5.5).",
	},
	Advice: []string{"embedded/lwip-time-wait-pcbs-msl", "embedded/lwip-tcp-pcb-pool-exhausted-after-reconnects"},
	Check:  checkTimeWaitHeap,
}

func checkTimeWaitHeap(p *lint.Pass) {
	v, ok := p.Ints("MEMP_MEM_MALLOC", "LWIP_TCP", "TCP_MSL")
	if !ok || v[0] == 0 || v[1] == 0 || 2*v[2] < 60000 || !chosen(p, "MEMP_MEM_MALLOC") && !chosen(p, "TCP_MSL") {
		return
	}
	// A fork that caps heap PCBs at MEMP_NUM_TCP_PCB and reclaims TIME_WAIT
	// first (esp-lwip 2.1.2-esp and 2.2.0-esp; the fork's data says which).
	if p.Config.ForkHas("tcp-pcb-limit-with-malloc") {
		return
	}
	p.Reportf([]string{"TCP_MSL", "MEMP_MEM_MALLOC"}, "closed connections keep their PCB on the heap for 2·TCP_MSL = %s (%s) with %s, and no pool limit reclaims them",
		lint.FormatMillis(2*v[2]), p.Describe("TCP_MSL"), p.Describe("MEMP_MEM_MALLOC"))
}

var lw1012 = &lint.Rule{
	ID: "LW1012", Name: "mss-above-mtu",
	Title:    "TCP_MSS is larger than a 1500-byte Ethernet frame carries",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What: "TCP_MSS exceeds 1460 bytes, the TCP payload of a 1500-byte Ethernet frame with IPv4 (1440 when only IPv6 is on), as 1476, 1500 or 1576 do.",
		Bad:  "#define TCP_MSS 1500",
		Good: "#define TCP_MSS 1460",
		Why: "With TCP_CALCULATE_EFF_SEND_MSS 1 (the default) lwIP clamps both the MSS option of its SYN and its own sending MSS " +
			"to the route's MTU: the SYN carries tcp_eff_send_mss_netif(TCP_MSS, netif, dest) (lwIP 2.1.3 tcp_out.c " +
			"tcp_output_segment L1501, tcp.c tcp_connect L1160), 1460 on a 1500-byte IPv4 link and 1440 for an IPv6 destination. " +
			"So TCP_MSS 1460 with IPv6 on is correct, and a larger value is not sent on the wire. What it still changes is memory: " +
			"PBUF_POOL_BUFSIZE, TCP_WND, TCP_SND_BUF and TCP_SND_QUEUELEN default to multiples of TCP_MSS, so every pool buffer " +
			"is larger than any frame needs (reported as info). With TCP_CALCULATE_EFF_SEND_MSS 0 the SYN advertises TCP_MSS and " +
			"lwIP sends segments of TCP_MSS bytes, which a 1500-byte link cannot carry (a warning).",
		Ignore: "On links with a larger MTU (jumbo frames, loopback). The rule stays silent when TCP_MSS is lwIP's default.",
	},
	Advice: []string{"embedded/lwip-mss-vs-mtu"},
	Check:  checkMSSAboveMTU,
}

func checkMSSAboveMTU(p *lint.Pass) {
	v, ok := p.Ints("TCP_MSS", "LWIP_IPV4", "TCP_CALCULATE_EFF_SEND_MSS")
	if !ok || !chosen(p, "TCP_MSS") {
		return
	}
	limit, fam := int64(1460), "IPv4"
	if v[1] == 0 {
		limit, fam = 1440, "IPv6"
	}
	if v[0] <= limit {
		return
	}
	if v[2] == 0 {
		p.Reportf([]string{"TCP_MSS"}, "%s > %d, the largest %s segment in a 1500-byte Ethernet frame, with %s: the SYN advertises %d and lwIP sends segments the link cannot carry",
			p.Describe("TCP_MSS"), limit, fam, p.Describe("TCP_CALCULATE_EFF_SEND_MSS"), v[0])
		return
	}
	// tcp_out.c tcp_output_segment (2.1.3 L1501) and tcp.c tcp_connect
	// (L1160) clamp the advertised and the sending MSS to the MTU, so only
	// the buffers sized from TCP_MSS are affected.
	cost := ""
	if b, ok := p.Ints("PBUF_POOL_BUFSIZE", "PBUF_POOL_SIZE"); ok && !p.UserSet("PBUF_POOL_BUFSIZE") && b[1] > 0 {
		cost = fmt.Sprintf("; %s is sized from it, %d bytes larger than a 1500-byte frame needs in each of PBUF_POOL_SIZE = %d buffers (%d bytes)",
			p.Describe("PBUF_POOL_BUFSIZE"), v[0]-limit, b[1], (v[0]-limit)*b[1])
	}
	f := p.At([]string{"TCP_MSS"}, "%s > %d, the largest %s segment in a 1500-byte Ethernet frame: with TCP_CALCULATE_EFF_SEND_MSS 1 lwIP advertises and sends at most %d on such a link (tcp_eff_send_mss_netif), so the larger value only enlarges the buffers sized from TCP_MSS%s",
		p.Describe("TCP_MSS"), limit, fam, limit, cost)
	f.Severity = lint.Info
	p.Report(f)
}
