package rules

import (
	"regexp"
	"sync"

	"github.com/lwiplint/lwiplint/lint"
)

var lw1013 = &lint.Rule{
	ID: "LW1013", Name: "rand-is-tick-counter",
	Title:    "LWIP_RAND is a tick counter, so DNS query IDs and source ports are predictable",
	Severity: lint.Warning, Since: "0.2.0",
	Doc: lint.Doc{
		What: "LWIP_RAND() is defined as a clock or tick counter (sys_now(), xTaskGetTickCount(), HAL_GetTick(), millis(), …) while DNS is on with LWIP_DNS_SECURE's random query IDs.",
		Bad:  "#define LWIP_DNS 1\n#define LWIP_RAND() ((u32_t)sys_now())",
		Good: "#define LWIP_DNS 1\n#define LWIP_RAND() ((u32_t)hw_rng_read())",
		Why: "With LWIP_DNS_SECURE_RAND_XID (the default) dns.c defines DNS_RAND_TXID as LWIP_RAND and takes every query's " +
			"16-bit ID (dns_create_txid) and, with LWIP_DNS_SECURE_RAND_SRC_PORT, its UDP source port (dns_alloc_random_port) " +
			"from it (lwIP 2.1.3 dns.c L101-L107, L877, L1006; 2.2.1 L896, L1025). A tick counter is the uptime: an attacker " +
			"who knows it to within a second has about a thousand candidates at a 1 ms tick instead of 2^16 IDs × 64512 " +
			"ports, enough to forge answers. The first TCP and UDP ephemeral ports come from it too (2.1.3 tcp.c L203, udp.c L89).",
		Ignore: "When the device never resolves names over an untrusted network. The rule stays silent when LWIP_DNS is 0, when " +
			"LWIP_DNS_SECURE has no LWIP_DNS_SECURE_RAND_XID bit (dns.c then counts IDs up instead of calling LWIP_RAND), and " +
			"when LWIP_RAND calls anything but a known clock (rand(), a hardware RNG).",
	},
	Advice: []string{"embedded/lwip-rand-tick-counter-predictable-dns"},
	Check:  checkRandTickCounter,
}

// tickRE matches the clocks and tick counters of common ports and SDKs.
var tickRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\b(sys_now|sys_jiffies|xTaskGetTickCount(FromISR)?|HAL_GetTick|osKernelGetTickCount|osKernelSysTick|` +
		`millis|micros|k_uptime_get(_32)?|k_cycle_get_32|rt_tick_get|tx_time_get|OSTimeGet|GetTickCount|clock|time|` +
		`esp_timer_get_time|xthal_get_ccount|to_ms_since_boot|get_absolute_time|time_us_32|time_us_64|DWT_CYCCNT|CYCCNT)\b`)
})

func checkRandTickCounter(p *lint.Pass) {
	o := p.Config.Option("LWIP_RAND")
	if !o.Defined || !p.UserSet("LWIP_RAND") {
		return
	}
	clock := tickRE().FindString(o.Expr)
	if clock == "" {
		return
	}
	v, ok := p.Ints("LWIP_DNS", "LWIP_DNS_SECURE")
	if !ok || v[0] == 0 || v[1]&1 == 0 { // LWIP_DNS_SECURE_RAND_XID is 1 (opt.h)
		return
	}
	what := "query ID (dns_create_txid)"
	if v[1]&4 != 0 { // LWIP_DNS_SECURE_RAND_SRC_PORT
		what = "query ID (dns_create_txid) and source port (dns_alloc_random_port)"
	}
	p.Reportf([]string{"LWIP_RAND"}, "LWIP_RAND() = %s (%s) is a clock, not a random source: with %s dns.c draws each DNS %s from it, so knowing the uptime to within a second leaves about 1000 candidates at a 1 ms tick instead of 2^16 IDs × 64512 ports, enough to forge answers",
		o.Expr, p.Origin("LWIP_RAND"), p.Describe("LWIP_DNS"), what)
}
