package rules

import (
	"strings"

	"github.com/lwiplint/lwiplint/lint"
)

// headerExpr is the per-segment header room of a pbuf: link encapsulation,
// link, IP and TCP headers (the sum init.c uses).
const headerExpr = "(PBUF_LINK_ENCAPSULATION_HLEN + PBUF_LINK_HLEN + PBUF_IP_HLEN + PBUF_TRANSPORT_HLEN)"

var lw2001 = &lint.Rule{
	ID: "LW2001", Name: "heap-below-send-buffer",
	Title:    "MEM_SIZE cannot hold one full send buffer",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What: "lwIP's own heap (MEM_SIZE) is smaller than TCP_SND_BUF plus the headers of its segments.",
		Bad:  "#define TCP_MSS 1460\n#define TCP_SND_BUF (8 * TCP_MSS)\n#define MEM_SIZE 10240",
		Good: "#define TCP_MSS 1460\n#define TCP_SND_BUF (8 * TCP_MSS)\n#define MEM_SIZE (16 * 1024)",
		Why: "tcp_write copies data into PBUF_RAM pbufs allocated from the heap. When the heap is smaller than the send buffer, " +
			"tcp_write returns ERR_MEM although tcp_sndbuf still reports space, and throughput is capped by the heap " +
			"(earlephilhower/arduino-pico #725, micropython/micropython #19704). The default MEM_SIZE is only 1600 bytes.",
		Ignore: "When MEM_LIBC_MALLOC, a custom allocator or MEM_USE_POOLS is used (the rule then stays quiet), or when the application never fills the send buffer. It also stays silent when a value depends on a header that was not read.",
	},
	Advice: []string{"embedded/lwip-tcp-write-err-mem-heap-smaller-than-sndbuf", "embedded/lwip-tcp-throughput-capped-by-small-heap", "embedded/lwip-mem-size-default-too-small-for-mss"},
	Check:  checkHeapBelowSendBuffer,
}

func checkHeapBelowSendBuffer(p *lint.Pass) {
	v, ok := p.Ints("MEM_SIZE", "TCP_SND_BUF", "TCP_MSS", "LWIP_TCP", "MEM_LIBC_MALLOC", "MEM_USE_POOLS")
	if !ok || v[3] == 0 || v[4] != 0 || v[5] != 0 || v[2] <= 0 {
		return
	}
	if c, _ := p.Int("MEM_CUSTOM_ALLOCATOR"); c != 0 {
		return
	}
	hdr, ok := evalKnown(p, headerExpr)
	if !ok {
		return
	}
	segs := (v[1] + v[2] - 1) / v[2]
	need := v[1] + segs*hdr.Int
	if v[0] >= need {
		return
	}
	f := p.At([]string{"MEM_SIZE", "TCP_SND_BUF", "TCP_MSS"},
		"%s < TCP_SND_BUF + %d segment headers = %d + %d×%d = %d with %s: tcp_write() returns ERR_MEM while tcp_sndbuf() still reports space",
		p.Describe("MEM_SIZE"), segs, v[1], segs, hdr.Int, need, p.Describe("TCP_SND_BUF"))
	if !p.UserSet("MEM_SIZE") {
		// Lead with the entry about lwIP's 1600-byte default.
		f.KB = append([]string{"embedded/lwip-mem-size-default-too-small-for-mss"}, p.Rule.Advice[:2]...)
	}
	p.Report(f)
}

var lw2002 = &lint.Rule{
	ID: "LW2002", Name: "sys-timeout-apps",
	Title:    "Applications need more MEMP_NUM_SYS_TIMEOUT than the core",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What: "An lwIP application (SNTP, mDNS, MQTT, TFTP, …) is configured but MEMP_NUM_SYS_TIMEOUT is not above what the core needs.",
		Bad:  "#define SNTP_UPDATE_DELAY 3600000\n#define LWIP_MDNS_RESPONDER 1",
		Good: "#define SNTP_UPDATE_DELAY 3600000\n#define LWIP_MDNS_RESPONDER 1\n#define MEMP_NUM_SYS_TIMEOUT (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 4)",
		Why: "init.c only checks the core's cyclic timers (LWIP_NUM_SYS_TIMEOUT_INTERNAL). sntp.c, mdns.c and tftp.c each ask for " +
			"one more timeout, mqtt.c one per client; without room sys_timeout asserts \"sys_timeout: timeout != NULL, pool " +
			"MEMP_SYS_TIMEOUT is empty\" (cniles/picow-iot #1, adafruit/circuitpython #9381).",
		Ignore: "When MEMP_MEM_MALLOC is 1 (the rule stays quiet) or the application is not compiled in.",
	},
	Advice: []string{"embedded/lwip-sys-timeout-pool-empty-apps"},
	Check:  checkSysTimeoutApps,
}

// appPrefixes are option prefixes of lwIP's applications that run timers.
var appPrefixes = []string{"SNTP_", "LWIP_MDNS_", "MDNS_", "MQTT_", "TFTP_", "LWIP_SNMP", "SNMP_"}

func checkSysTimeoutApps(p *lint.Pass) {
	var app string
	for _, n := range p.Config.UserNames() {
		for _, pre := range appPrefixes {
			if strings.HasPrefix(n, pre) {
				if v, ok := p.Int(n); n != "LWIP_MDNS_RESPONDER" || ok && v != 0 {
					app = n
				}
			}
		}
		if app != "" {
			break
		}
	}
	if app == "" {
		return
	}
	v, ok := p.Ints("MEMP_NUM_SYS_TIMEOUT", "MEMP_MEM_MALLOC", "LWIP_TIMERS")
	if !ok || v[1] != 0 || v[2] == 0 {
		return
	}
	core := "LWIP_NUM_SYS_TIMEOUT_INTERNAL"
	if p.Config.Version < "2.1" {
		core = "(LWIP_TCP + IP_REASSEMBLY + LWIP_ARP + (2*LWIP_DHCP) + LWIP_AUTOIP + LWIP_IGMP + LWIP_DNS + PPP_SUPPORT + (LWIP_IPV6 ? (1 + LWIP_IPV6_REASS + LWIP_IPV6_MLD) : 0))"
	}
	c, ok := evalKnown(p, core)
	if !ok || v[0] > c.Int {
		return
	}
	p.Reportf([]string{"MEMP_NUM_SYS_TIMEOUT", app}, "%s leaves no timeout for the application configured by %s: lwIP's core alone needs %d; add one per application (sntp, mdns, tftp) and per MQTT client",
		p.Describe("MEMP_NUM_SYS_TIMEOUT"), p.Describe(app), c.Int)
}

var lw2003 = &lint.Rule{
	ID: "LW2003", Name: "memp-mem-malloc-pool-limits",
	Title:    "MEMP_NUM_* values do not limit anything with MEMP_MEM_MALLOC",
	Severity: lint.Info, Since: "0.1.0",
	Doc: lint.Doc{
		What: "MEMP_MEM_MALLOC is 1 and the configuration also sets pool sizes (MEMP_NUM_*).",
		Bad:  "#define MEMP_MEM_MALLOC 1\n#define MEMP_NUM_TCP_PCB 16",
		Good: "#define MEMP_MEM_MALLOC 1",
		Why: "With MEMP_MEM_MALLOC 1 memp_malloc goes straight to mem_malloc (memp.c), so the pool sizes no longer cap anything " +
			"(MEMP_NUM_NETCONN still sizes the socket array), and init.c skips all its pool checks.",
		Ignore: "When the values are kept for a build without MEMP_MEM_MALLOC. The rule stays silent on pool sizes equal to lwIP's defaults (full copies of opt.h) and on a MEMP_MEM_MALLOC the user did not choose (a vendor's lwipopts.h).",
	},
	Advice: []string{"embedded/lwip-memp-mem-malloc-disables-pool-checks"},
	Check:  checkMempMallocLimits,
}

func checkMempMallocLimits(p *lint.Pass) {
	if v, ok := p.Int("MEMP_MEM_MALLOC"); !ok || v == 0 || !chosen(p, "MEMP_MEM_MALLOC") {
		return
	}
	var set []string
	for _, n := range p.Config.UserNames() {
		// A fork may count TCP PCBs against MEMP_NUM_TCP_PCB on the heap
		// too (esp-lwip; its data says which commits).
		if n == "MEMP_NUM_TCP_PCB" && p.Config.ForkHas("tcp-pcb-limit-with-malloc") {
			continue
		}
		if strings.HasPrefix(n, "MEMP_NUM_") && n != "MEMP_NUM_NETCONN" && p.Config.Option(n).Known && chosen(p, n) {
			set = append(set, n)
		}
	}
	if len(set) == 0 {
		return
	}
	p.Reportf([]string{"MEMP_MEM_MALLOC"}, "%s: pools come from the heap, so %s limit nothing and init.c skips its pool checks",
		p.Describe("MEMP_MEM_MALLOC"), strings.Join(set, ", "))
}

var lw2004 = &lint.Rule{
	ID: "LW2004", Name: "pbuf-pool-bufsize-below-mss",
	Title:    "A full-size segment does not fit in one pool pbuf",
	Severity: lint.Info, Since: "0.1.0", Lwip1: true,
	Doc: lint.Doc{
		What: "PBUF_POOL_BUFSIZE is set below TCP_MSS plus the headers, so each full-size received segment takes a chain of pool pbufs.",
		Bad:  "#define TCP_MSS 1460\n#define PBUF_POOL_BUFSIZE 512",
		Good: "#define TCP_MSS 1460\n#define PBUF_POOL_BUFSIZE LWIP_MEM_ALIGN_SIZE(TCP_MSS+40+PBUF_LINK_ENCAPSULATION_HLEN+PBUF_LINK_HLEN)",
		Why: "Each pbuf of a chain carries its own header room and struct pbuf, so a pool of PBUF_POOL_SIZE buffers holds fewer " +
			"segments than it seems, and drivers that expect one frame per pbuf break. lwIP's default sizes the buffer from TCP_MSS. " +
			"The same holds in lwIP 1.x, where the rule runs too: 1.4.1's pbuf_alloc() gives a PBUF_POOL request of more than " +
			"PBUF_POOL_BUFSIZE minus the header offset as a chain (src/core/pbuf.c L216-L229, L255, L289), the headers are " +
			"PBUF_LINK_HLEN + PBUF_IP_HLEN (20) + PBUF_TRANSPORT_HLEN (20) (src/include/lwip/pbuf.h L47-L48), and opt.h's " +
			"default is LWIP_MEM_ALIGN_SIZE(TCP_MSS+40+PBUF_LINK_HLEN) (src/include/lwip/opt.h L1104).",
		Ignore: "When the driver deliberately receives into chains of small buffers. The rule stays silent when " +
			"PBUF_POOL_BUFSIZE is lwIP's default (sized from TCP_MSS) or unknown.",
	},
	Advice: []string{"embedded/lwip-mss-vs-mtu"},
	Check:  checkPoolBufBelowMSS,
}

// headerExpr1 is headerExpr for lwIP 1.x, which has no
// PBUF_LINK_ENCAPSULATION_HLEN and whose IP and TCP header lengths are
// 20 each (lwIP 1.4.1 src/include/lwip/pbuf.h L47-L48).
const headerExpr1 = "(PBUF_LINK_HLEN + 20 + 20)"

func checkPoolBufBelowMSS(p *lint.Pass) {
	v, ok := p.Ints("PBUF_POOL_BUFSIZE", "TCP_MSS", "PBUF_POOL_SIZE")
	expr := headerExpr
	if strings.HasPrefix(p.Config.Version, "1.") {
		expr = headerExpr1
	}
	hdr, ok2 := evalKnown(p, expr)
	if !ok || !ok2 || !p.UserSet("PBUF_POOL_BUFSIZE") || v[2] == 0 {
		return
	}
	need := v[1] + hdr.Int
	if v[0] >= need || v[0] <= hdr.Int {
		return
	}
	per := v[0] - hdr.Int
	p.Reportf([]string{"PBUF_POOL_BUFSIZE"}, "%s < TCP_MSS + headers = %d + %d = %d: a full segment needs %d pool pbufs",
		p.Describe("PBUF_POOL_BUFSIZE"), v[1], hdr.Int, need, (v[1]+per-1)/per)
}

var lw2005 = &lint.Rule{
	ID: "LW2005", Name: "tcp-seg-pool-one-connection",
	Title:    "The TCP segment pool serves only one full send queue",
	Severity: lint.Info, Since: "0.1.0",
	Doc: lint.Doc{
		What: "MEMP_NUM_TCP_SEG is at least TCP_SND_QUEUELEN (lwIP's own check) but below two full queues while several TCP PCBs exist.",
		Bad:  "#define TCP_MSS 1460\n#define TCP_SND_BUF (4 * TCP_MSS)",
		Good: "#define TCP_MSS 1460\n#define TCP_SND_BUF (4 * TCP_MSS)\n#define MEMP_NUM_TCP_SEG (2 * TCP_SND_QUEUELEN)",
		Why: "Segments come from one pool shared by all connections. When one sender fills its queue, tcp_write on a second " +
			"connection fails with ERR_MEM until the slow timer frees segments (adafruit/circuitpython #9837).",
		Ignore: "When only one connection sends at a time. The rule stays silent with MEMP_MEM_MALLOC 1, with a single " +
			"TCP PCB, and below lwIP's own limit (MEMP_NUM_TCP_SEG < TCP_SND_QUEUELEN is the replayed init.c check).",
	},
	Advice: []string{"embedded/lwip-tcp-write-err-mem-small-pools"},
	Check:  checkSegPoolOneConnection,
}

func checkSegPoolOneConnection(p *lint.Pass) {
	v, ok := p.Ints("MEMP_NUM_TCP_SEG", "TCP_SND_QUEUELEN", "MEMP_NUM_TCP_PCB", "MEMP_MEM_MALLOC", "LWIP_TCP")
	if !ok || v[3] != 0 || v[4] == 0 || v[2] < 2 || v[0] < v[1] || v[0] >= 2*v[1] {
		return
	}
	p.Reportf([]string{"MEMP_NUM_TCP_SEG", "TCP_SND_QUEUELEN"}, "%s < 2*TCP_SND_QUEUELEN = %d with %s and %s: one connection with a full send queue leaves the others ERR_MEM",
		p.Describe("MEMP_NUM_TCP_SEG"), 2*v[1], p.Describe("TCP_SND_QUEUELEN"), p.Describe("MEMP_NUM_TCP_PCB"))
}
