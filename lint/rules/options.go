package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/lwiplint/lwiplint/internal/suggest"
	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
)

const adviceUnknown = "embedded/lwip-unknown-or-removed-option"

var lw4001 = &lint.Rule{
	ID: "LW4001", Name: "unknown-option",
	Title:    "The configuration sets an option lwIP does not read",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What: "A macro defined in lwipopts.h is not an lwIP option of the resolved version but is a plausible typo of one " +
			"(at most two edits, adjacent transpositions such as TCP_WDN included, and at most one edit per three letters of a " +
			"word), an option of lwIP 1.x that 2.0.0 removed (MEMP_SEPARATE_POOLS, IP_OPTIONS), or a name people mistake for an " +
			"option, such as TCP_WND_MAX.",
		Bad:  "#define TCP_SND_BUFF 8192",
		Good: "#define TCP_SND_BUF 8192",
		Why: "lwIP silently ignores macros it does not read, so the intended setting never takes effect. TCP_WND_MAX is a " +
			"function-like helper of lwip/tcp.h (the window of a PCB, scaled or not), not a configuration option.",
		Ignore: "When the macro belongs to your own code and only looks like an lwIP option. The rule stays silent on macros " +
			"that are no plausible typo of an option (LWIP_UPNP is not LWIP_UDP, TAPIF_DEBUG is not TCPIP_DEBUG), on lwIP's " +
			"switches and port macros (LWIP_DEBUG, LWIP_HOOK_*), and on ESP-IDF projects (LW3005 checks their names).",
	},
	Advice: []string{adviceUnknown},
	Check:  checkUnknownOption,
}

// notOptions are names people set in lwipopts.h although lwIP has no such
// option, with what they are.
var notOptions = map[string]string{
	"TCP_WND_MAX":       "a function-like helper macro TCP_WND_MAX(pcb) in lwip/tcp.h, not an option; set TCP_WND (and LWIP_WND_SCALE/TCP_RCV_SCALE)",
	"TCP_EVENT_CONNECT": "not defined anywhere in lwIP; the real names are the private macro TCP_EVENT_CONNECTED and LWIP_EVENT_CONNECTED of the event API",
}

func checkUnknownOption(p *lint.Pass) {
	if p.Config.ESPIDF != nil {
		// esp-lwip reads options upstream lwIP does not; unknown CONFIG_
		// names are LW3005.
		return
	}
	names := p.Config.Names()
	for _, n := range p.Config.UserNames() {
		if what, ok := notOptions[n]; ok {
			// lwIP's own definition may replace the user's (TCP_WND_MAX in
			// tcp.h), so report at the user's line.
			p.Report(lint.Finding{Pos: userPos(p, n), Message: fmt.Sprintf("%s is %s", n, what)})
			continue
		}
		o := p.Config.Option(n)
		if o.Known || otherVersions(n, p.Config.Version) != nil || deprecatedOptions[n] || lwipMacro(n) {
			continue
		}
		if v, ok := removedOptions[n]; ok {
			p.Reportf([]string{n}, "%s was an option of lwIP %s and no lwIP 2.x has it: lwIP %s does not read it and the setting is ignored", n, v, p.Config.Version)
			continue
		}
		if best := closest(n, names); best != "" {
			p.Reportf([]string{n}, "%s is not an lwIP %s option and is ignored; did you mean %s?", n, p.Config.Version, best)
		}
	}
}

// lwipMacros are macros lwIP reads that are not opt.h options: switches
// tested with #ifdef and port definitions that lwipopts.h may provide.
var lwipMacros = map[string]bool{
	"LWIP_DEBUG": true, "LWIP_NOASSERT": true, "LWIP_PROVIDE_ERRNO": true, "LWIP_RAND": true,
	"LWIP_DISABLE_TCP_SANITY_CHECKS": true, "LWIP_DISABLE_MEMP_SANITY_CHECKS": true,
	"LWIP_SKIP_PACKING_CHECK": true, "LWIP_SKIP_CONST_CHECK": true, "LWIP_COMPAT_MUTEX": true,
	"LWIP_COMPAT_MUTEX_ALLOWED": true, "LWIP_TIMEVAL_PRIVATE": true, "LWIP_ERR_T": true,
	"BYTE_ORDER": true, "LWIP_DECLARE_MEMORY_ALIGNED": true, "LWIP_MEM_ALIGN": true,
	"LWIP_MEM_ALIGN_SIZE": true, "LWIP_MEM_ALIGN_BUFFER": true, "LWIP_HAVE_INT64": true,
	"LWIP_UNUSED_ARG": true, "LWIP_CONST_CAST": true, "LWIP_ALIGNMENT_CAST": true,
	"LWIP_PTR_NUMERIC_CAST": true, "LWIP_PACKED_CAST": true, "SNTP_SUPPRESS_DELAY_CHECK": true,
	"DNS_LOCAL_HOSTLIST_INIT": true, "MEM_CUSTOM_FREE": true, "MEM_CUSTOM_MALLOC": true, "MEM_CUSTOM_CALLOC": true,
	// The port's own critical sections: lwip/sys.h defines all three only
	// "#ifndef SYS_ARCH_PROTECT" (lwIP 2.2.1 src/include/lwip/sys.h L468-L513),
	// and lwIP's C code uses them (arduino-pico's lwipopts.h sets them).
	"SYS_ARCH_DECL_PROTECT": true, "SYS_ARCH_PROTECT": true, "SYS_ARCH_UNPROTECT": true,
}

// lwipMacroPrefixes are prefixes of such macros.
var lwipMacroPrefixes = []string{"LWIP_HOOK_", "LWIP_PLATFORM_", "PACK_STRUCT_", "LWIP_NO_", "LWIP_ERRNO_", "LWIP_DBG_", "X8_F", "U16_F", "S16_F", "X16_F", "U32_F", "S32_F", "X32_F", "SZT_F"}

func lwipMacro(n string) bool {
	if lwipMacros[n] {
		return true
	}
	for _, p := range lwipMacroPrefixes {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

// deprecatedOptions are reported by lwIP's own init.c checks (LW4125–LW4129).
var deprecatedOptions = map[string]bool{
	"MEMP_NUM_TCPIP_MSG": true, "TCP_REXMIT_DEBUG": true, "RAW_STATS": true,
	"ETHARP_QUEUE_FIRST": true, "ETHARP_ALWAYS_INSERT": true,
}

// closest returns the known name plausibly meant by n, or "" (see
// [suggest.Closest]; FreeRTOS+TCP's LW5215 uses it too).
func closest(n string, names []string) string { return suggest.Closest(n, names) }

var lw4002 = &lint.Rule{
	ID: "LW4002", Name: "option-not-in-version",
	Title:    "The option does not exist in this lwIP version",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What: "lwipopts.h sets an option that exists in another lwIP version but not in the resolved one (added later, removed or renamed).",
		Bad:  "/* lwIP 2.2 */\n#define DHCP_DOES_ARP_CHECK 1",
		Good: "/* lwIP 2.2 */\n#define LWIP_DHCP_DOES_ACD_CHECK 1",
		Why: "opt.h of the resolved version never reads the macro, so the setting is silently ignored. For example " +
			"DHCP_DOES_ARP_CHECK became LWIP_DHCP_DOES_ACD_CHECK (with LWIP_ACD) in 2.2.0, and LWIP_TCP_RTO_TIME only exists " +
			"from 2.2.0 (earlier versions hard-code an initial RTO of 3000 ms).",
		Ignore: "When the same lwipopts.h is shared by builds of several lwIP versions. Not reported when no lwIP tree was found " +
			"(the version is only assumed, and the project may build a release that has the option), nor when the file sets both " +
			"the old and the new name of a renamed option (DHCP_DOES_ARP_CHECK and LWIP_DHCP_DOES_ACD_CHECK), which is how a file " +
			"portable across the rename is written. The fix (--fix, --diff) renames DHCP_DOES_ARP_CHECK to LWIP_DHCP_DOES_ACD_CHECK, " +
			"keeping its value, when the lwIP version is 2.2 or later and not assumed.",
	},
	Advice: []string{adviceUnknown},
	Check:  checkOptionVersion,
}

// optionVersions lists the opt.h options that do not exist in every
// supported version, with the versions that have them (from the #if !defined
// blocks of opt.h at the STABLE-2_0_3, 2_1_3, 2_2_0 and 2_2_1 tags).
var optionVersions = map[string][]string{
	"ACD_DEBUG": v22, "DHCP6_DEBUG": v21, "DHCP_DOES_ARP_CHECK": {"2.0.3", "2.1.3"}, "DNS_MAX_RETRIES": v21,
	"IPV6_REASS_MAXAGE": v21, "LWIP_ACD": v22, "LWIP_ALTCP": v21, "LWIP_ALTCP_TLS": v21,
	"LWIP_ASSERT_CORE_LOCKED": v21, "LWIP_DHCP6_GET_NTP_SRV": v21, "LWIP_DHCP6_MAX_DNS_SERVERS": v21,
	"LWIP_DHCP6_MAX_NTP_SERVERS": v21, "LWIP_DHCP_CHECK_LINK_UP": {"2.0.3"}, "LWIP_DHCP_DISCOVER_ADD_HOSTNAME": v22,
	"LWIP_DHCP_DOES_ACD_CHECK": v22, "LWIP_IPV6_ADDRESS_LIFETIMES": v21, "LWIP_IPV6_DHCP6_STATEFUL": v21,
	"LWIP_IPV6_DHCP6_STATELESS": v21, "LWIP_IPV6_SCOPES": v21, "LWIP_IPV6_SCOPES_DEBUG": v21,
	"LWIP_MARK_TCPIP_THREAD": {"2.1.3"}, "LWIP_NETIF_EXT_STATUS_CALLBACK": v21, "LWIP_PBUF_CUSTOM_DATA": v21,
	"LWIP_PBUF_CUSTOM_DATA_INIT": {"2.2.1"}, "LWIP_PBUF_REF_T": v21, "LWIP_RANDOMIZE_INITIAL_LOCAL_PORTS": {"2.0.3"},
	"LWIP_SINGLE_NETIF": v21, "LWIP_SOCKET_EXTERNAL_HEADERS": v22, "LWIP_SOCKET_POLL": v21, "LWIP_SOCKET_SELECT": v21,
	"LWIP_SOCKET_SET_ERRNO": {"2.0.3"}, "LWIP_TCP_MAX_SACK_NUM": v21, "LWIP_TCP_PCB_NUM_EXT_ARGS": v21,
	"LWIP_TCP_RTO_TIME": v22, "LWIP_TCP_SACK_OUT": v21, "LWIP_TESTMODE": v21, "LWIP_VLAN_PCP": v22,
	"MEMMOVE": v21, "MEMP_MEM_INIT": v21, "MEMP_NUM_ALTCP_PCB": v21, "MEMP_NUM_SELECT_CB": v21,
	"MEM_CUSTOM_ALLOCATOR": {"2.2.1"}, "MEM_OVERFLOW_CHECK": v21, "MEM_SANITY_CHECK": v21,
}

var (
	v21 = []string{"2.1.3", "2.2.0", "2.2.1"}
	v22 = []string{"2.2.0", "2.2.1"}
)

// renamed maps options to their replacement in later versions: the name
// the fix renames to, and what the message says.
var renamed = map[string]struct{ name, text string }{
	// lwIP 2.2.1 opt.h: LWIP_DHCP_DOES_ACD_CHECK defaults to LWIP_DHCP and
	// LWIP_ACD to (LWIP_AUTOIP || LWIP_DHCP_DOES_ACD_CHECK), so the renamed
	// line turns ACD on with it unless LWIP_ACD is set to 0.
	"DHCP_DOES_ARP_CHECK": {"LWIP_DHCP_DOES_ACD_CHECK", "LWIP_DHCP_DOES_ACD_CHECK (and LWIP_ACD, which follows it by default)"},
}

// renamedPair returns the other name of a renamed option (the new name
// for an old one, the old for a new one), or "".
func renamedPair(n string) string {
	for old, r := range renamed {
		nw := r.name
		switch n {
		case old:
			return nw
		case nw:
			return old
		}
	}
	return ""
}

// otherVersions returns the versions that have option n when v does not.
func otherVersions(n, v string) []string {
	vs, ok := optionVersions[n]
	if !ok || slices.Contains(vs, v) {
		return nil
	}
	return vs
}

func checkOptionVersion(p *lint.Pass) {
	for _, n := range p.Config.UserNames() {
		vs := otherVersions(n, p.Config.Version)
		if vs == nil || p.Config.Option(n).Known || n == "LWIP_TCP_RTO_TIME" && p.Config.ForkHas("rto-time-configurable") {
			continue
		}
		if p.Config.VersionAssumed {
			// No lwIP tree was found: the version is a guess, and the
			// project may well build one that has the option (unknown
			// is not zero). LW9001 says which version was assumed.
			continue
		}
		if other := renamedPair(n); other != "" && p.UserSet(other) {
			// Both the old and the new name are set: a file written for
			// the releases on either side of the rename, and the name
			// this release does not read is ignored as intended.
			continue
		}
		msg := fmt.Sprintf("%s is not an option in lwIP %s (it exists in %s) and is ignored", n, p.Config.Version, strings.Join(vs, ", "))
		r, isRenamed := renamed[n]
		if isRenamed && p.Config.Version > vs[len(vs)-1] {
			msg += "; it was replaced by " + r.text
		}
		if n == "LWIP_TCP_RTO_TIME" {
			msg += "; this version hard-codes an initial RTO of 3000 ms"
		}
		f := p.At([]string{n}, "%s", msg)
		if isRenamed && p.Config.Version > vs[len(vs)-1] && !p.Config.VersionAssumed && p.Config.ESPIDF == nil {
			f.Fix = p.RenameDefinition(n, r.name, "rename "+n+" to "+r.name)
		}
		p.Report(f)
	}
}

var lw4003 = &lint.Rule{
	ID: "LW4003", Name: "frozen-derived-value",
	Title:    "A derived option is frozen as a literal that no longer matches its formula",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What: "TCP_SND_QUEUELEN, TCP_SNDLOWAT, TCP_SNDQUEUELOWAT or TCP_WND_UPDATE_THRESHOLD is a plain number that differs from lwIP's formula for the current TCP_MSS, TCP_SND_BUF and TCP_WND.",
		Bad:  "#define TCP_MSS 1460\n#define TCP_SND_BUF (4 * TCP_MSS)\n#define TCP_SND_QUEUELEN 9",
		Good: "#define TCP_MSS 1460\n#define TCP_SND_BUF (4 * TCP_MSS)\n#define TCP_SND_QUEUELEN ((4 * (TCP_SND_BUF) + (TCP_MSS - 1))/(TCP_MSS))",
		Why: "Code generators such as STM32CubeMX write the value of lwIP's formula as a literal. After a later TCP_MSS or " +
			"TCP_SND_BUF change the literal is stale and the queue, low-water marks or window updates no longer fit the buffers. " +
			"The suggested edit restores the formula of opt.h.",
		Ignore: "When the literal was chosen on purpose. The rule stays silent on a TCP_SND_QUEUELEN or TCP_SNDQUEUELOWAT " +
			"above the formula's value (a longer queue only allows more pbufs), and on values that are unknown.",
	},
	Advice: []string{"embedded/lwip-cubemx-frozen-derived-values"},
	Check:  checkFrozenDerived,
}

func checkFrozenDerived(p *lint.Pass) {
	for _, n := range []string{"TCP_SND_QUEUELEN", "TCP_SNDLOWAT", "TCP_SNDQUEUELOWAT", "TCP_WND_UPDATE_THRESHOLD"} {
		o := p.Config.Option(n)
		if !p.UserSet(n) || !o.HasValue || o.Default == nil || !o.Default.HasValue || !isLiteral(o.Expr) || exprUnknown(p, o.Default.Expr) {
			continue // the formula's value is unknown when an input depends on a header not read
		}
		if o.Value.Int == o.Default.Value.Int {
			continue
		}
		if (n == "TCP_SND_QUEUELEN" || n == "TCP_SNDQUEUELOWAT") && o.Value.Int > o.Default.Value.Int {
			// A longer queue than the formula's is only more pbufs allowed
			// per connection (CubeMX writes 9 where the formula gives 8).
			continue
		}
		f := p.At([]string{n}, "%s is a frozen literal, but lwIP's formula %s gives %d with the current values (%s)",
			p.Describe(n), o.Default.Expr, o.Default.Value.Int, inputs(p, n))
		f.Fix = p.ReplaceValue(n, o.Default.Expr, "restore lwIP's formula for "+n)
		p.Report(f)
	}
}

// inputs describes the options a derived default depends on.
func inputs(p *lint.Pass, n string) string {
	deps := map[string][]string{
		"TCP_SND_QUEUELEN":         {"TCP_SND_BUF", "TCP_MSS"},
		"TCP_SNDLOWAT":             {"TCP_SND_BUF", "TCP_MSS"},
		"TCP_SNDQUEUELOWAT":        {"TCP_SND_QUEUELEN"},
		"TCP_WND_UPDATE_THRESHOLD": {"TCP_WND", "TCP_MSS"},
	}[n]
	var s []string
	for _, d := range deps {
		s = append(s, p.Describe(d))
	}
	return strings.Join(s, ", ")
}

// isLiteral reports whether expr is a plain integer constant, perhaps in
// parentheses or with a U/L suffix.
func isLiteral(expr string) bool {
	e := strings.TrimSpace(strings.Trim(strings.TrimSpace(expr), "()"))
	e = strings.TrimRight(e, "uUlL")
	if e == "" {
		return false
	}
	if strings.HasPrefix(e, "0x") || strings.HasPrefix(e, "0X") {
		e = e[2:]
		return e != "" && strings.Trim(e, "0123456789abcdefABCDEF") == ""
	}
	return strings.Trim(e, "0123456789") == ""
}

var lw4004 = &lint.Rule{
	ID: "LW4004", Name: "non-overridable-macro",
	Title:    "The configuration redefines a macro lwIP defines unconditionally",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What: "lwipopts.h sets a macro that lwIP's headers define without an #ifndef guard, such as TCP_FIN_WAIT_TIMEOUT, TCP_SYN_RCVD_TIMEOUT, TCP_OOSEQ_TIMEOUT (lwip/priv/tcp_priv.h) or LWIP_NUM_SYS_TIMEOUT_INTERNAL (opt.h).",
		Bad:  "#define TCP_FIN_WAIT_TIMEOUT 5000",
		Good: "/* upstream lwIP: not configurable; ESP-IDF's esp-lwip makes it overridable */",
		Why: "The header's later #define replaces the user's value; the compiler only warns \"redefined\" and uses lwIP's value " +
			"(gcc: TCP_FIN_WAIT_TIMEOUT 5000 in lwipopts.h compiles as 20000). For timeouts, raise MEMP_NUM_SYS_TIMEOUT instead of LWIP_NUM_SYS_TIMEOUT_INTERNAL.",
		Ignore: "With Espressif's esp-lwip, which makes TCP_FIN_WAIT_TIMEOUT and TCP_OOSEQ_TIMEOUT overridable. The rule " +
			"stays silent on a definition identical to lwIP's (full copies of opt.h write LWIP_NUM_SYS_TIMEOUT_INTERNAL out).",
	},
	Advice: []string{"embedded/lwip-non-overridable-macros"},
	Check:  checkNonOverridable,
}

func checkNonOverridable(p *lint.Pass) {
	// The origin of such a macro is lwIP's definition; the user's own
	// #define lines are in Definitions.
	for _, name := range p.Config.UserNames() {
		o := p.Config.Option(name)
		if !o.Known || o.Overridable {
			continue
		}
		for _, d := range p.Config.Definitions(name) {
			if d.Undef || strings.Join(strings.Fields(d.Text), "") == strings.Join(strings.Fields(o.Expr), "") {
				continue // an identical redefinition, as a full copy of lwIP's headers writes it
			}
			reportNonOverridable(p, name, o, d.Pos)
		}
	}
}

func reportNonOverridable(p *lint.Pass, name string, o *lwipopts.Option, pos lwipopts.Position) {
	val := o.Expr
	if o.HasValue {
		val = o.Value.String()
	}
	msg := fmt.Sprintf("%s is defined unconditionally by lwIP (%s = %s, %s): the value set here is replaced and the compiler only warns \"redefined\"",
		name, name, val, p.Rel(o.Origin.Pos))
	if name == "LWIP_NUM_SYS_TIMEOUT_INTERNAL" {
		msg += "; raise MEMP_NUM_SYS_TIMEOUT instead"
	}
	p.Report(lint.Finding{Pos: pos, Message: msg})

}

// userPos returns the position of the user's definition of name: its
// origin when the user's definition is effective, else the first #define
// of it the preprocessor reached.
func userPos(p *lint.Pass, name string) lwipopts.Position {
	if p.UserSet(name) {
		return p.Config.Option(name).Origin.Pos
	}
	for _, d := range p.Config.Definitions(name) {
		if !d.Undef {
			return d.Pos
		}
	}
	pos, _ := p.Where(name)
	return pos
}

var lw4005 = &lint.Rule{
	ID: "LW4005", Name: "debug-defined-zero",
	Title:    "LWIP_DEBUG defined as 0 still enables debugging",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What: "LWIP_DEBUG is defined with a value of 0 (or LWIP_DBG_OFF).",
		Bad:  "#define LWIP_DEBUG 0",
		Good: "/* #define LWIP_DEBUG */",
		Why: "lwIP tests LWIP_DEBUG with #ifdef (debug.h and many .c files), so any definition, 0 included, compiles the " +
			"debug code in (ARMmbed/mbed-os PR #4997). Leave it undefined to turn debugging off.",
		Ignore: "Never. The fix (--fix, --diff) deletes the definitions, when each one the preprocessor reached says off.",
	},
	Advice: []string{"embedded/lwip-debug-defined-zero-enables-debug"},
	Check:  checkDebugZero,
}

func checkDebugZero(p *lint.Pass) {
	o := p.Config.Option("LWIP_DEBUG")
	if !o.Defined || !p.UserSet("LWIP_DEBUG") || strings.TrimSpace(o.Expr) == "" {
		return
	}
	if v, err := p.Config.Eval(o.Expr); err != nil || v.Int != 0 {
		return
	}
	f := p.At([]string{"LWIP_DEBUG"}, "LWIP_DEBUG is defined as %s (%s), but lwIP tests it with #ifdef: debugging is on; remove the definition to turn it off",
		o.Expr, p.Origin("LWIP_DEBUG"))
	// The fix removes the definitions only when each one the preprocessor
	// reached says "off": deleting one that says "on" would change more
	// than the finding is about.
	off := true
	for _, d := range p.Config.Definitions("LWIP_DEBUG") {
		if v, err := p.Config.Eval(d.Text); !d.Undef && (err != nil || v.Int != 0) {
			off = false
		}
	}
	if off {
		f.Fix = p.RemoveDefinitions("LWIP_DEBUG", "remove the definition of LWIP_DEBUG (undefined, debugging is off)")
	}
	p.Report(f)
}

var lw4006 = &lint.Rule{
	ID: "LW4006", Name: "sanity-switch-empty",
	Title:    "LWIP_DISABLE_*_SANITY_CHECKS is defined without a value",
	Severity: lint.Error, Since: "0.1.0",
	Doc: lint.Doc{
		What:   "LWIP_DISABLE_TCP_SANITY_CHECKS or LWIP_DISABLE_MEMP_SANITY_CHECKS is defined empty.",
		Bad:    "#define LWIP_DISABLE_TCP_SANITY_CHECKS",
		Good:   "#define LWIP_DISABLE_TCP_SANITY_CHECKS 1",
		Why:    "init.c tests them with #if !LWIP_DISABLE_..._SANITY_CHECKS; an empty definition makes that line malformed and the compiler stops (\"operator '!' has no right operand\").",
		Ignore: "Never. The fix (--fix, --diff) gives the definition the value 1.",
	},
	Advice: []string{"embedded/lwip-compile-time-sanity-checks"},
	Check:  checkSanitySwitchEmpty,
}

func checkSanitySwitchEmpty(p *lint.Pass) {
	for _, n := range []string{"LWIP_DISABLE_TCP_SANITY_CHECKS", "LWIP_DISABLE_MEMP_SANITY_CHECKS"} {
		o := p.Config.Option(n)
		if o.Defined && p.UserSet(n) && strings.TrimSpace(o.Expr) == "" {
			f := p.At([]string{n}, "%s is defined empty: init.c's #if !%s becomes malformed and the build stops; define it to 1", n, n)
			f.Fix = p.SetEmptyValue(n, "1", "define "+n+" to 1")
			p.Report(f)
		}
	}
}

var lw4007 = &lint.Rule{
	ID: "LW4007", Name: "value-not-evaluable",
	Title:    "An option that lwIP tests in #if has a value the preprocessor cannot evaluate",
	Severity: lint.Error, Since: "0.1.0",
	Doc: lint.Doc{
		What: "An lwIP option that reaches an #if or #elif of lwIP's sources (directly, or through an option or macro whose " +
			"value uses it) is set to a cast, sizeof, or a name that is not a macro.",
		Bad:  "#define TCP_WND ((u16_t)4096)",
		Good: "#define TCP_WND 4096",
		Why: "A cast or sizeof in an #if is a syntax error: gcc stops with \"missing binary operator before token\" in the " +
			"first file whose #if reads it (init.c for TCP_WND), so that is an error. A name that is not a macro (an enum " +
			"constant, a variable) reads as 0 in #if while the C code uses its real value, so lwIP's compile-time checks test " +
			"the wrong number: a warning.",
		Ignore: "The rule stays silent on options no #if of lwIP 2.0.3-2.2.1 reads (thread names, priorities, stack sizes, " +
			"RECV_BUFSIZE_DEFAULT, LWIP_DBG_TYPES_ON, LWIP_PBUF_REF_T: they are only used in C code, where any expression works), " +
			"on a value equal to lwIP's own default, and on a value that depends on a macro of a header that was not read " +
			"(a C library header such as <limits.h> for INT_MAX, or a missing vendor header, which LW9001 reports).",
	},
	Advice: []string{"embedded/lwip-option-values-not-preprocessor-evaluable"},
	Check:  checkNotEvaluable,
}

func checkNotEvaluable(p *lint.Pass) {
	if p.Config.ESPIDF != nil {
		// ESP-IDF's lwipopts.h writes these expressions, with names from
		// its toolchain (FD_SETSIZE) that lwiplint does not read.
		return
	}
	for _, n := range p.Config.UserNames() {
		o := p.Config.Option(n)
		if !o.Known || !o.Defined || o.FuncLike || o.Evaluable || !chosen(p, n) || unknown(p, n) {
			continue
		}
		if strings.TrimSpace(o.Expr) == "" && strings.HasPrefix(n, "LWIP_DISABLE_") {
			continue // LW4006
		}
		if rootElsewhere(p, o) {
			continue // reported at the option whose own value is the cause
		}
		via, ok := reachesIf(p, n)
		if !ok {
			continue
		}
		if via != "" {
			via = ", which " + via + " uses in lwIP's #if lines"
		}
		if o.HasValue {
			// Identifiers that are not macros: #if reads them as 0, gcc
			// does not stop.
			f := p.At([]string{n}, "%s%s: %s %s not a macro, so lwIP's #if checks read %s while the C code uses its real value",
				p.Describe(n), via, strings.Join(undefinedIdents(p.Config, n, false), ", "), isAre(undefinedIdents(p.Config, n, false)), o.Value)
			f.Severity = lint.Warning
			p.Report(f)
			continue
		}
		p.Reportf([]string{n}, "%s = %s%s cannot be evaluated in lwIP's #if checks: %s", n, o.Expr, via, gccReason(p, n))
	}
}

// rootElsewhere reports whether the value of o cannot be evaluated only
// because an option it uses, which the user set, cannot.
func rootElsewhere(p *lint.Pass, o *lwipopts.Option) bool {
	for _, d := range o.Depends {
		if od := p.Config.Option(d); p.UserSet(d) && od.Defined && !od.FuncLike && !od.Evaluable {
			return true
		}
	}
	return false
}

func isAre(s []string) string {
	if len(s) == 1 {
		return "is"
	}
	return "are"
}

// reachesIf reports whether the option reaches an #if or #elif of lwIP
// (ifNames, generated from lwIP's sources): itself, or through an option
// whose value uses it (named in via).
func reachesIf(p *lint.Pass, n string) (via string, ok bool) {
	if g, ok := ifSkippedBy[n]; ok && p.Config.Option(g).Defined {
		return "", false
	}
	if _, found := slices.BinarySearch(ifNames, n); found {
		return "", true
	}
	for _, m := range p.Config.Names() {
		if _, found := slices.BinarySearch(ifNames, m); !found || m == n {
			continue
		}
		if slices.Contains(p.Config.Option(m).Depends, n) {
			return m, true
		}
	}
	return "", false
}

// ifSkippedBy names, for options whose only #if is in a block a switch
// skips, that switch: sntp.c's #if SNTP_UPDATE_DELAY < 15000 (lwIP 2.1.3
// L74-L77, the same in 2.0.3-2.2.1) is under #ifndef SNTP_SUPPRESS_DELAY_CHECK.
var ifSkippedBy = map[string]string{"SNTP_UPDATE_DELAY": "SNTP_SUPPRESS_DELAY_CHECK"}

var sizeofRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\bsizeof\b`) })

// gccReason is the resolver's reason, with gcc's own message where the
// resolver's evaluation order gives another one: gcc parses the whole #if
// before evaluating it, so sizeof(...) is "missing binary operator before
// token "("" even where the resolver first divides by the 0 it reads for
// sizeof.
func gccReason(p *lint.Pass, n string) string {
	o := p.Config.Option(n)
	exprs := []string{o.Expr}
	for _, d := range o.Depends {
		exprs = append(exprs, p.Config.Option(d).Expr)
	}
	for _, e := range exprs {
		if sizeofRE().MatchString(e) {
			return "sizeof is not a preprocessor operator: gcc stops with \"missing binary operator before token \"(\"\""
		}
	}
	if o.Reason == "" {
		return "not an integer constant expression"
	}
	return o.Reason
}

var lw4008 = &lint.Rule{
	ID: "LW4008", Name: "provide-errno-with-os",
	Title:    "LWIP_PROVIDE_ERRNO with an operating system",
	Severity: lint.Info, Since: "0.1.0",
	Doc: lint.Doc{
		What: "LWIP_PROVIDE_ERRNO is defined while NO_SYS is 0.",
		Bad:  "#define NO_SYS 0\n#define LWIP_PROVIDE_ERRNO 1",
		Good: "#define NO_SYS 0\n/* use the C library's errno.h */",
		Why: "lwip/errno.h then declares its own global `extern int errno` and error numbers. With an RTOS whose C library keeps " +
			"errno per thread (newlib with reentrancy), lwIP's sockets and the application read different errno variables and " +
			"errors get lost (raspberrypi/pico-sdk #2973). lwIP tests the macro with #ifdef, so even 0 turns it on.",
		Ignore: "When the C library has no errno.h and only one thread uses sockets.",
	},
	Advice: []string{"embedded/lwip-provide-errno-thread-local"},
	Check:  checkProvideErrno,
}

func checkProvideErrno(p *lint.Pass) {
	if !p.Config.Option("LWIP_PROVIDE_ERRNO").Defined || !p.UserSet("LWIP_PROVIDE_ERRNO") {
		return
	}
	if v, ok := p.Int("NO_SYS"); !ok || v != 0 {
		return
	}
	p.Reportf([]string{"LWIP_PROVIDE_ERRNO"}, "LWIP_PROVIDE_ERRNO is defined (%s) with %s: lwIP declares a global errno that is not the C library's per-thread errno",
		p.Origin("LWIP_PROVIDE_ERRNO"), p.Describe("NO_SYS"))
}

var lw4009 = &lint.Rule{
	ID: "LW4009", Name: "option-redefined",
	Title:    "An option is redefined with a different value",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What: "The configuration (with the headers it includes) defines an lwIP option again, with a different body, while an earlier definition is still in force.",
		Bad:  "#include \"vendor_lwipopts.h\" /* defines TCP_MSS 536 */\n#define TCP_MSS 1460",
		Good: "#include \"vendor_lwipopts.h\"\n#undef TCP_MSS\n#define TCP_MSS 1460",
		Why: "A second #define with a different body is a redefinition: the compiler warns, the last definition wins, and which " +
			"one that is depends on include order. Vendor lwipopts.h files that define options without #ifndef guards " +
			"(arduino-pico, esphome PR #14843) force users into this.",
		Ignore: "The rule stays silent on an identical redefinition (C allows it) and on a #define that follows an #undef of the " +
			"same macro (the idiom above): only a definition that silently replaces a different one is reported. The fix " +
			"(--fix, --diff) writes that #undef before each redefinition in the configuration file, which keeps the value the " +
			"compiler uses now and silences its warning; a redefinition in another header is left alone.",
	},
	Advice: []string{"embedded/lwip-vendor-lwipopts-unguarded-overrides"},
	Check:  checkRedefined,
}

func checkRedefined(p *lint.Pass) {
	for _, n := range p.Config.UserNames() {
		o := p.Config.Option(n)
		if !o.Known || len(o.Redefined) < 2 {
			continue
		}
		// Walk the definitions as the preprocessor does: an #undef ends the
		// definition in force, an identical #define changes nothing.
		var cur *lwipopts.Definition
		var f *lint.Finding
		var replacing []lwipopts.Position
		defs := p.Config.Definitions(n)
		for i := range defs {
			d := &defs[i]
			switch {
			case d.Undef:
				cur = nil
				continue
			case cur == nil || cur.Text == d.Text:
				cur = d
				continue
			}
			if f == nil {
				f = &lint.Finding{Pos: d.Pos}
			}
			f.Related = append(f.Related, lint.Related{Pos: cur.Pos, Message: "replaced definition " + n + cur.Text})
			replacing = append(replacing, d.Pos)
			cur = d
		}
		if f == nil {
			continue
		}
		var at []string
		for _, r := range f.Related {
			at = append(at, p.Rel(r.Pos))
		}
		f.Message = fmt.Sprintf("%s is redefined without #undef, replacing a different definition (%s); the effective one is %s",
			n, strings.Join(at, ", "), p.Describe(n))
		f.Fix = p.UndefBefore(n, replacing, "add #undef "+n+" before the redefinition, as the compiler already takes the later one")
		p.Report(*f)
	}
}
