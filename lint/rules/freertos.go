package rules

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
	"github.com/lwiplint/lwiplint/lwipopts/freertos"
)

// The LW5xxx rules are about FreeRTOS+TCP's FreeRTOSIPConfig.h, resolved
// against the defaults of the release's FreeRTOSIPConfigDefaults.h (package
// freertos has the per-release facts; lwipopts/freertos/RULES.md derives
// these rules from them).

// frTable returns the FreeRTOS+TCP table of the configuration.
func frTable(p *lint.Pass) *freertos.Table {
	if p.Config.FreeRTOS == nil {
		return nil
	}
	return p.Config.FreeRTOS.Table
}

// frChecksTable is frTable for the rules that replay the release's
// compile-time checks (LW5101, LW5102, LW5213, LW5217): nil when the tree
// is older than every release with a table (a Labs build), whose checks
// are not the table's: an #error of V2.0.0 proves nothing about it, and
// the load note says so.
func frChecksTable(p *lint.Pass) *freertos.Table {
	if p.Config.FreeRTOS == nil || p.Config.FreeRTOS.Detection.Older != "" {
		return nil
	}
	return p.Config.FreeRTOS.Table
}

// frErrors returns the #errors the preprocessor reached in the built-in
// FreeRTOS+TCP headers (LW9002 leaves them to LW5101 and LW5102).
func frErrors(p *lint.Pass) []lwipopts.Note {
	if p.Config.FreeRTOS == nil {
		return nil
	}
	var out []lwipopts.Note
	for _, e := range p.Config.Errors {
		if strings.HasPrefix(e.Pos.File, "<FreeRTOS+TCP") {
			out = append(out, e)
		}
	}
	return out
}

// frCheckAt returns the table's check of the defaults file at line.
func frCheckAt(t *freertos.Table, at lwipopts.Position) (freertos.Check, bool) {
	for _, c := range t.Checks {
		if c.Line == at.Line && filepath.Base(c.File) == filepath.Base(at.File) {
			return c, true
		}
	}
	return freertos.Check{}, false
}

// undefinedInBuild are external names that a compiler build leaves
// undefined, so a check that reads them is evaluated with them as 0, as
// the build evaluates it: _lint is defined only by the PC-lint static
// analyser (the "#if !defined( _lint )" around the DNS cache check of
// FreeRTOS_DNS.c / FreeRTOS_DNS_Globals.h, V2.x to V4.x).
var undefinedInBuild = map[string]bool{"_lint": true}

// missingExternal lists the names a check reads, directly or through the
// values of the macros it uses, that come from outside FreeRTOS+TCP (the
// kernel's FreeRTOSConfig.h, the C library) and that the configuration does
// not define: #if reads them as 0.
func missingExternal(p *lint.Pass, t *freertos.Table, c freertos.Check) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(names []string, depth int)
	walk = func(names []string, depth int) {
		for _, u := range names {
			if seen[u] || depth > 8 {
				continue
			}
			seen[u] = true
			o := p.Config.Option(u)
			if !o.Defined {
				if slices.Contains(t.External, u) && !undefinedInBuild[u] {
					out = append(out, u)
				}
				continue
			}
			walk(identRE().FindAllString(o.Expr, -1), depth+1)
		}
	}
	walk(c.Uses, 0)
	slices.Sort(out)
	return out
}

const adviceFRChecks = "embedded/freertos-tcp-compile-time-checks"

var lw5101 = &lint.Rule{
	ID: "LW5101", Name: "freertos-compile-time-check",
	Title:    "FreeRTOSIPConfigDefaults.h stops the build with an #error for this configuration",
	Severity: lint.Error, Since: "0.1.0",
	Doc: lint.Doc{
		What: "A compile-time check of the release's FreeRTOSIPConfigDefaults.h fails with the configuration's values: an invalid boolean (V4.1.0 and later accept only 0 and 1), a value out of range, a renamed or removed macro, a macro that must be defined.",
		Bad:  "#define ipconfigUSE_DHCP 2",
		Good: "#define ipconfigUSE_DHCP 1",
		Why:  "The build stops at this #error; lwip_error has the exact text the compiler prints, per release (FreeRTOS-Plus-TCP source/include/FreeRTOSIPConfigDefaults.h).",
		Ignore: "Never: the build fails. For a macro the release rejects as renamed (FreeRTOSIPDeprecatedDefinitions.h), the fix " +
			"(--fix, --diff) renames the definition to the new name, keeping its value.",
	},
	Advice: []string{adviceFRChecks},
	Check: func(p *lint.Pass) {
		t := frChecksTable(p)
		if t == nil {
			return
		}
		var reached []string
		for _, e := range frErrors(p) {
			c, ok := frCheckAt(t, e.Pos)
			if ok && len(missingExternal(p, t, c)) > 0 {
				continue // LW5102
			}
			text := unquote(e.Text)
			reached = append(reached, text)
			f := noteFinding(p, e, "#error "+e.Text)
			if n := checkOption(p, c); ok && n != "" {
				f.Pos = p.Config.Option(n).Origin.Pos
				f.Message = fmt.Sprintf("%s: FreeRTOS+TCP %s stops the build (%s): #error %s", p.Describe(n), t.Version, p.Rel(e.Pos), text)
				f.Fix = frRenameFix(p, t, n)
			}
			f.LwipError = &text
			p.Report(f)
		}
		// Checks in the other sources (FreeRTOS_Sockets.h, the .c files) see
		// the configuration after all defaults: evaluate them there.
		for _, c := range t.Checks {
			base := filepath.Base(c.File)
			if c.Kind != freertos.KindError || c.If == "" || c.Class == freertos.ClassIncludeOrder ||
				base == "FreeRTOSIPConfigDefaults.h" || base == "FreeRTOSIPDeprecatedDefinitions.h" || slices.Contains(reached, c.Text) ||
				len(missingExternal(p, t, c)) > 0 {
				continue
			}
			if v, err := p.Config.Eval(c.If); err != nil || v.Int == 0 {
				continue
			}
			text := c.Text
			f := lint.Finding{Pos: lwipopts.Position{File: p.Config.File, Line: 1, Col: 1},
				Message: fmt.Sprintf("FreeRTOS+TCP %s stops the build (%s:%d): #error %s", t.Version, c.File, c.Line, text)}
			if n := checkOption(p, c); n != "" {
				f.Pos = p.Config.Option(n).Origin.Pos
				f.Message = p.Describe(n) + ": " + f.Message
			}
			f.LwipError = &text
			p.Report(f)
		}
	},
}

// frRenameFix renames the user's definition of a macro that the release
// rejects as renamed (FreeRTOSIPDeprecatedDefinitions.h: "#error X now
// called: Y") to the new name, or returns nil: for a removed macro, when
// the new name is defined too, or when another definition uses the old
// name (it would be left undefined).
func frRenameFix(p *lint.Pass, t *freertos.Table, old string) *lint.Fix {
	i := slices.IndexFunc(t.Renames, func(r freertos.Rename) bool { return r.Old == old })
	if i < 0 {
		return nil
	}
	r := t.Renames[i]
	if r.Removed || !identRE().MatchString(r.New) || identRE().FindString(r.New) != r.New || p.Config.Option(r.New).Defined && p.UserSet(r.New) {
		return nil
	}
	for _, n := range p.Config.UserNames() {
		for _, d := range p.Config.Definitions(n) {
			if slices.Contains(identRE().FindAllString(d.Text, -1), old) {
				return nil
			}
		}
	}
	return p.RenameDefinition(old, r.New, fmt.Sprintf("rename %s to %s (%s:%d)", old, r.New, r.File, r.Line))
}

var lw5102 = &lint.Rule{
	ID: "LW5102", Name: "freertos-check-needs-kernel-config",
	Title:    "A FreeRTOS+TCP compile-time check reads names lwiplint was not given",
	Severity: lint.Info, Since: "0.1.0", Note: true,
	Doc: lint.Doc{
		What:   "A check of FreeRTOSIPConfigDefaults.h compares with a name from FreeRTOSConfig.h or the C library (configMAX_PRIORITIES, portMAX_DELAY, UINT_FAST8_MAX, …) that the configuration does not define, so lwiplint cannot tell whether the build passes it.",
		Bad:    "/* FreeRTOSIPConfig.h without #include \"FreeRTOSConfig.h\" */",
		Good:   "lwiplint -I path/to/FreeRTOSConfig/dir --include FreeRTOSConfig.h FreeRTOSIPConfig.h",
		Why:    "#if reads an undefined name as 0, so the check would fail here but not in the build.",
		Ignore: "When the kernel configuration is known to be right.",
	},
	Advice: []string{adviceFRChecks},
	Check: func(p *lint.Pass) {
		t := frChecksTable(p)
		if t == nil {
			return
		}
		var checks, names []string
		for _, e := range frErrors(p) {
			c, ok := frCheckAt(t, e.Pos)
			if !ok {
				continue
			}
			if miss := missingExternal(p, t, c); len(miss) > 0 {
				checks = append(checks, fmt.Sprintf("%q (line %d)", unquote(e.Text), e.Pos.Line))
				for _, m := range miss {
					if !slices.Contains(names, m) {
						names = append(names, m)
					}
				}
			}
		}
		if len(checks) > 0 {
			slices.Sort(names)
			p.Report(lint.Finding{Pos: lwipopts.Position{File: p.Config.File, Line: 1, Col: 1},
				Message: fmt.Sprintf("%d checks of FreeRTOSIPConfigDefaults.h cannot be evaluated because %s are not defined%s: %s",
					len(checks), strings.Join(names, ", "), whereFrom(p, names), strings.Join(checks, ", "))})
		}
	},
}

// whereFrom says where the undefined external names of LW5102 come from:
// config* and INCLUDE_* from FreeRTOSConfig.h (given with --include, or
// not), the rest from the kernel's FreeRTOS.h and the C library (<stdint.h>),
// which lwiplint serves as data for the release (projdefs.h, portmacro.h,
// the freestanding headers): a name still missing there is one of another
// port or C library, for -I.
func whereFrom(p *lint.Pass, names []string) string {
	given := ""
	for _, n := range p.Config.UserNames() {
		if o := p.Config.Option(n); o.Origin.Kind == lwipopts.OriginCmdline && filepath.Base(o.Origin.Pos.File) == "FreeRTOSConfig.h" {
			given = o.Origin.Pos.File
			break
		}
	}
	var cfg, other []string
	for _, n := range names {
		if strings.HasPrefix(n, "config") || strings.HasPrefix(n, "INCLUDE_") {
			cfg = append(cfg, n)
		} else {
			other = append(other, n)
		}
	}
	var parts []string
	switch {
	case len(cfg) > 0 && given != "":
		parts = append(parts, fmt.Sprintf("the FreeRTOSConfig.h given (%s) does not define %s", given, strings.Join(cfg, ", ")))
	case len(cfg) > 0:
		parts = append(parts, fmt.Sprintf("%s come from FreeRTOSConfig.h: give it with --include", strings.Join(cfg, ", ")))
	}
	if len(other) > 0 {
		parts = append(parts, fmt.Sprintf("%s come from the kernel's FreeRTOS.h and port headers or the C library (<stdint.h>), not FreeRTOSConfig.h: add -I for the directories that hold them", strings.Join(other, ", ")))
	}
	return " (" + strings.Join(parts, "; ") + ")"
}

var lw5202 = &lint.Rule{
	ID: "LW5202", Name: "freertos-mss-exceeds-mtu",
	Title:    "The TCP MSS plus 40 header bytes is larger than ipconfigNETWORK_MTU",
	Severity: lint.Error, Since: "0.1.0",
	Doc: lint.Doc{
		What:   "The TCP segment plus the 40 bytes of IPv4 and TCP headers does not fit in ipconfigNETWORK_MTU.",
		Bad:    "#define ipconfigNETWORK_MTU 1400\n#define ipconfigTCP_MSS 1460",
		Good:   "#define ipconfigNETWORK_MTU 1500\n#define ipconfigTCP_MSS 1460",
		Why:    "Full segments do not fit in a frame. From V2.2.2 FreeRTOS+TCP no longer rejects this at compile time; only a configASSERT catches it at run time.",
		Ignore: "Never.",
	},
	Advice: []string{"embedded/freertos-tcp-mss-above-mtu"},
	Check: func(p *lint.Pass) {
		t := frTable(p)
		if t == nil {
			return
		}
		for _, c := range t.Checks {
			if strings.Contains(c.Text, "is too large") && c.Option == "ipconfigTCP_MSS" {
				return // the build checks it (LW5101)
			}
		}
		mss, ok1 := p.Int("ipconfigTCP_MSS")
		mtu, ok2 := p.Int("ipconfigNETWORK_MTU")
		if !ok1 || !ok2 || mss+40 <= mtu {
			return
		}
		where := "has no check for it"
		if pr, ok := t.Probe("mss-mtu-assert"); ok {
			where = fmt.Sprintf("only checks it with configASSERT (%s:%d)", pr.File, pr.Line)
		}
		p.Reportf([]string{"ipconfigTCP_MSS", "ipconfigNETWORK_MTU"}, "%s + 40 = %d exceeds %s: full segments do not fit in a frame; FreeRTOS+TCP %s %s",
			p.Describe("ipconfigTCP_MSS"), mss+40, p.Describe("ipconfigNETWORK_MTU"), t.Version, where)
	},
}

var lw5203 = &lint.Rule{
	ID: "LW5203", Name: "freertos-mss-below-536",
	Title:    "The TCP MSS (ipconfigTCP_MSS) is below 536",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What:   "An MSS below the 536 bytes every host must accept.",
		Bad:    "#define ipconfigTCP_MSS 500",
		Good:   "#define ipconfigTCP_MSS 536",
		Why:    "From V2.4.0 to V4.0.x FreeRTOS+TCP silently uses 536 instead; V4.1.0 and later reject it at compile time (LW5101).",
		Ignore: "Never: the value is not what is used.",
	},
	Advice: []string{"embedded/freertos-tcp-mss-below-536"},
	Check: func(p *lint.Pass) {
		t := frTable(p)
		if t == nil {
			return
		}
		for _, c := range t.Checks {
			if strings.Contains(c.Text, "at least 536") {
				return // the build checks it
			}
		}
		mss, ok := p.Int("ipconfigTCP_MSS")
		if !ok || mss >= 536 {
			return
		}
		if pr, ok := t.Probe("mss-min-clamp"); ok {
			p.Reportf([]string{"ipconfigTCP_MSS"}, "%s: FreeRTOS+TCP %s silently uses 536 instead (%s:%d)", p.Describe("ipconfigTCP_MSS"), t.Version, pr.File, pr.Line)
			return
		}
		p.Report(lint.Finding{Pos: pos(p, "ipconfigTCP_MSS"), Severity: lint.Info,
			Message: fmt.Sprintf("%s is below the 536-byte segment every host accepts; FreeRTOS+TCP V4.1.0 and later reject it", p.Describe("ipconfigTCP_MSS"))})
	},
}

func pos(p *lint.Pass, name string) lwipopts.Position {
	at, _ := p.Where(name)
	return at
}

var lw5204 = &lint.Rule{
	ID: "LW5204", Name: "freertos-small-tcp-window",
	Title:    "The TCP window is one segment: half the stream buffer in whole segments",
	Severity: lint.Info, Since: "0.1.0",
	Doc: lint.Doc{
		What:   "FreeRTOS+TCP sizes a socket's window as half its stream buffer in whole MSS (at least 1); a buffer below 4·MSS gives a one-segment window, and with ipconfigUSE_TCP_WIN 0 both windows are one segment. A receive buffer below one MSS is reported too: the peer can then send at most that many bytes per round trip. All of these are info: memory traded for throughput, not a failure.",
		Bad:    "#define ipconfigTCP_MSS 1460\n#define ipconfigTCP_RX_BUFFER_LENGTH 2920",
		Good:   "#define ipconfigTCP_MSS 1460\n#define ipconfigTCP_RX_BUFFER_LENGTH (4 * 1460)",
		Why:    "A one-segment window is stop-and-wait: every segment waits for its ACK (and the peer's delayed ACK), which caps throughput far below the link (FreeRTOS_Sockets.c prvInitialiseTCPFields).",
		Ignore: "When memory matters more than throughput.",
	},
	Advice: []string{"embedded/freertos-tcp-window-half-buffer"},
	Check: func(p *lint.Pass) {
		t := frTable(p)
		if t == nil {
			return
		}
		mss, ok := p.Int("ipconfigTCP_MSS")
		if !ok || mss <= 0 {
			return
		}
		if win, ok := p.Int("ipconfigUSE_TCP_WIN"); ok && win != 1 {
			p.Reportf([]string{"ipconfigUSE_TCP_WIN"}, "%s: both windows are 1 segment", p.Describe("ipconfigUSE_TCP_WIN"))
			return
		}
		for _, n := range []string{"ipconfigTCP_RX_BUFFER_LENGTH", "ipconfigTCP_TX_BUFFER_LENGTH"} {
			b, ok := p.Int(n)
			if !ok {
				continue
			}
			if n == "ipconfigTCP_TX_BUFFER_LENGTH" {
				b = (b + mss - 1) / mss * mss // rounded up to whole segments
			}
			if b < mss {
				// A trade-off, not a failure: the advertised window is the
				// free space of the stream (FreeRTOS_TCP_Transmission.c,
				// ulFrontSpace), so the peer sends at most b bytes a round trip.
				p.Reportf([]string{n}, "%s is smaller than one segment (%s): the window it advertises lets the peer send at most %d bytes per round trip",
					p.Describe(n), p.Describe("ipconfigTCP_MSS"), b)
				continue
			}
			if segs := max(1, b/2/mss); segs == 1 {
				p.Reportf([]string{n}, "%s gives a window of 1 segment (half the buffer in whole MSS of %d); at least %d is needed for 2", p.Describe(n), mss, 4*mss)
			}
		}
	},
}

var lw5205 = &lint.Rule{
	ID: "LW5205", Name: "freertos-hang-protection-too-short",
	Title:    "Hang protection closes connects before the SYN schedule ends",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What:   "With hang protection on, a socket that stays in a connecting state longer than ipconfigTCP_HANG_PROTECTION_TIME seconds is closed; FreeRTOS+TCP sends SYNs at 0, 3 and 9 s and gives up at 20 s.",
		Bad:    "#define ipconfigTCP_HANG_PROTECTION_TIME 0",
		Good:   "#define ipconfigTCP_HANG_PROTECTION_TIME 30",
		Why:    "A short time aborts connects that would have succeeded, which looks like the peer resetting the connection (FreeRTOS_TCP_IP.c prvTCPStatusAgeCheck).",
		Ignore: "Never for clients; servers that never connect out are not affected by the connect case.",
	},
	Advice: []string{"embedded/freertos-tcp-hang-protection-time"},
	Check: func(p *lint.Pass) {
		if frTable(p) == nil {
			return
		}
		on, ok1 := p.Int("ipconfigTCP_HANG_PROTECTION")
		h, ok2 := p.Int("ipconfigTCP_HANG_PROTECTION_TIME")
		if !ok1 || !ok2 || on != 1 || h >= 9 {
			return
		}
		var what string
		switch {
		case h <= 0:
			what = "every connect is closed at its first timer event after a tick (the 3 s SYN retransmission, or a 500 ms address-resolution step), even if the peer answers"
		case h <= 2:
			what = "a connect is closed at the 3 s SYN retransmission, after 2 of its 3 SYNs"
		default:
			what = "a connect is closed at the 9 s event, before the last 11 s wait"
		}
		p.Reportf([]string{"ipconfigTCP_HANG_PROTECTION_TIME"}, "%s: %s; the SYN schedule needs 20 s", p.Describe("ipconfigTCP_HANG_PROTECTION_TIME"), what)
	},
}

var lw5208 = &lint.Rule{
	ID: "LW5208", Name: "freertos-ignore-unknown-packets",
	Title:    "Ignoring unknown packets stops resets to closed ports",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What:   "With ipconfigIGNORE_UNKNOWN_PACKETS set, FreeRTOS+TCP answers a SYN to a closed port (or a full backlog) with nothing instead of a reset.",
		Bad:    "#define ipconfigIGNORE_UNKNOWN_PACKETS 1",
		Good:   "#define ipconfigIGNORE_UNKNOWN_PACKETS 0",
		Why:    "Clients then wait for their whole SYN timeout (about 18 s for lwIP and ESP-IDF) instead of failing at once. Up to V2.2.1 any non-zero value does this; from V2.2.2 only 1 (FreeRTOS_TCP_IP.c).",
		Ignore: "When stealth towards port scans matters more than quick failures.",
	},
	Advice: []string{"embedded/freertos-tcp-ignore-unknown-packets"},
	Check: func(p *lint.Pass) {
		t := frTable(p)
		if t == nil {
			return
		}
		v, ok := p.Int("ipconfigIGNORE_UNKNOWN_PACKETS")
		_, eq0 := t.Probe("ignore-unknown-eq0")
		if !ok || v == 0 || !eq0 && v != 1 {
			return
		}
		p.Reportf([]string{"ipconfigIGNORE_UNKNOWN_PACKETS"}, "%s: FreeRTOS+TCP %s sends no reset for closed ports or a full backlog, so clients wait for their whole SYN timeout (about 18 s for lwIP and ESP-IDF) instead of failing at once",
			p.Describe("ipconfigIGNORE_UNKNOWN_PACKETS"), t.Version)
	},
}

var lw5201 = &lint.Rule{
	ID: "LW5201", Name: "freertos-connect-blocks-forever",
	Title:    "FreeRTOS_connect() can wait forever when the connection fails",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What:   "ipconfigSOCK_DEFAULT_RECEIVE_BLOCK_TIME is portMAX_DELAY: a blocking FreeRTOS_connect() on a socket without FREERTOS_SO_RCVTIMEO waits with that time.",
		Bad:    "#define ipconfigSOCK_DEFAULT_RECEIVE_BLOCK_TIME portMAX_DELAY",
		Good:   "#define ipconfigSOCK_DEFAULT_RECEIVE_BLOCK_TIME pdMS_TO_TICKS( 5000 )",
		Why:    "Before V3.1.0 FreeRTOS_connect() is woken only when the connection succeeds; from V3.1.0 a failed connect wakes it (FreeRTOS_Sockets.c), but a reset in SYN-SENT still leaves it waiting. With portMAX_DELAY (and INCLUDE_vTaskSuspend 1) that is forever, which looks like a hang instead of ECONNRESET.",
		Ignore: "When every socket gets FREERTOS_SO_RCVTIMEO before FreeRTOS_connect(), or connects non-blocking. Not reported when the value is FreeRTOSIPConfigDefaults.h's own default (portMAX_DELAY): that is not the user's choice, and sockets that set FREERTOS_SO_RCVTIMEO are not affected.",
	},
	Advice: []string{"embedded/freertos-tcp-connect-blocks-after-rst", "embedded/lwip-tcp-connection-reset-during-handshake"},
	Check: func(p *lint.Pass) {
		t := frTable(p)
		if t == nil {
			return
		}
		o := p.Config.Option("ipconfigSOCK_DEFAULT_RECEIVE_BLOCK_TIME")
		if !o.Defined || strings.Trim(strings.TrimSpace(o.Expr), "() ") != "portMAX_DELAY" {
			return
		}
		if !p.UserSet(o.Name) || strings.HasPrefix(o.Origin.Pos.File, "<") {
			return // FreeRTOSIPConfigDefaults.h's default, not the user's choice (README, severity policy)
		}
		if v, ok := p.Int("INCLUDE_vTaskSuspend"); ok && v == 0 && p.Config.Option("INCLUDE_vTaskSuspend").Defined {
			return // portMAX_DELAY is then a finite wait
		}
		why := "because FreeRTOS+TCP " + t.Version + " wakes connect only when it succeeds"
		if _, ok := t.Probe("connect-fail-wakeup"); ok {
			why = "because FreeRTOS+TCP " + t.Version + " does not wake connect for eCONNECT_SYN -> eCLOSED"
		}
		p.Reportf([]string{"ipconfigSOCK_DEFAULT_RECEIVE_BLOCK_TIME"}, "%s: a FreeRTOS_connect() on a socket without FREERTOS_SO_RCVTIMEO never returns when the peer answers with a reset, %s",
			p.Describe("ipconfigSOCK_DEFAULT_RECEIVE_BLOCK_TIME"), why)
	},
}

var lw5206 = &lint.Rule{
	ID: "LW5206", Name: "freertos-hang-protection-off",
	Title:    "Hang protection is off",
	Severity: lint.Info, Since: "0.1.0",
	Doc: lint.Doc{
		What:   "ipconfigTCP_HANG_PROTECTION is 0 (set so, or the default of V2.0.0 to V2.0.3).",
		Bad:    "#define ipconfigTCP_HANG_PROTECTION 0",
		Good:   "#define ipconfigTCP_HANG_PROTECTION 1\n#define ipconfigTCP_HANG_PROTECTION_TIME 30",
		Why:    "Sockets left in eSYN_RECEIVED by unanswered or spoofed SYNs, and connects that never complete, are not closed by the stack (FreeRTOS_TCP_IP.c prvTCPStatusAgeCheck).",
		Ignore: "When the application closes such sockets itself.",
	},
	Advice: []string{"embedded/freertos-tcp-hang-protection-time"},
	Check: func(p *lint.Pass) {
		if frTable(p) == nil {
			return
		}
		if v, ok := p.Int("ipconfigTCP_HANG_PROTECTION"); ok && v == 0 {
			p.Reportf([]string{"ipconfigTCP_HANG_PROTECTION"}, "%s: sockets left in eSYN_RECEIVED by unanswered or spoofed SYNs, and connects that never complete, are not closed by the stack", p.Describe("ipconfigTCP_HANG_PROTECTION"))
		}
	},
}

var lw5207 = &lint.Rule{
	ID: "LW5207", Name: "freertos-tick-rate-truncates-socket-timer",
	Title:    "A tick rate above 3276 Hz overflows FreeRTOS+TCP's 16-bit socket timers",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What:   "FreeRTOS+TCP keeps a socket's timer in a uint16_t count of ticks; at configTICK_RATE_HZ above 3276 the 20 s wake-up and the 11 s SYN wait no longer fit.",
		Bad:    "#define configTICK_RATE_HZ 10000",
		Good:   "#define configTICK_RATE_HZ 1000",
		Why:    "The truncated delays fire much earlier than intended (FreeRTOS_IP_Private.h, the socket timer field).",
		Ignore: "Never while the 16-bit timer is in the sources.",
	},
	Advice: []string{"embedded/freertos-tcp-socket-timer-16bit"},
	Check: func(p *lint.Pass) {
		t := frTable(p)
		if t == nil {
			return
		}
		if _, ok := t.Probe("socket-timer-u16"); !ok {
			return
		}
		rate, ok := p.Int("configTICK_RATE_HZ")
		if !ok || rate <= 3276 || !p.Config.Option("configTICK_RATE_HZ").Defined {
			return
		}
		var parts []string
		for _, d := range []int64{20000, 11000, 6000, 3000} {
			if ticks := d * rate / 1000; ticks > 65535 {
				parts = append(parts, fmt.Sprintf("the %d ms delay becomes %d ms", d, (ticks%65536)*1000/rate))
			}
		}
		p.Reportf([]string{"configTICK_RATE_HZ"}, "%s: FreeRTOS+TCP keeps socket timers in 16-bit ticks, so %s", p.Describe("configTICK_RATE_HZ"), strings.Join(parts, ", "))
	},
}

var lw5212 = &lint.Rule{
	ID: "LW5212", Name: "freertos-rst-reply-ignored-by-clients",
	Title:    "This FreeRTOS+TCP release answers refused SYNs with a reset clients ignore",
	Severity: lint.Info, Since: "0.1.0",
	Doc: lint.Doc{
		What:   "Up to V3.1.0, the reset FreeRTOS+TCP sends for a SYN to a closed port or a full backlog acknowledges the client's ISN instead of ISN + 1.",
		Bad:    "FreeRTOS+TCP V3.1.0 as a server",
		Good:   "FreeRTOS+TCP V4.0.0 or later (the reset acknowledges ISN + 1)",
		Why:    "RFC 9293 clients in SYN-SENT accept only a reset that acknowledges their SYN; lwIP, ESP-IDF and Linux drop this one and time out (ECONNABORTED after about 18 s on ESP-IDF) instead of failing with ECONNRESET.",
		Ignore: "When no client ever connects to a closed port or a full backlog.",
	},
	Advice: []string{"embedded/freertos-tcp-rst-reply-ignored-by-lwip-client", "embedded/lwip-tcp-connection-reset-during-handshake"},
	Check: func(p *lint.Pass) {
		t := frTable(p)
		if t == nil || p.Config.VersionFrom != "flag" && !p.Config.FreeRTOS.Detection.Exact {
			return // only when the release is known
		}
		if _, ok := t.Probe("rst-reply-syn-plus1"); ok {
			return
		}
		if v, ok := p.Int("ipconfigIGNORE_UNKNOWN_PACKETS"); ok && v != 0 {
			return // LW5208: no reset at all
		}
		p.Report(lint.Finding{Pos: lwipopts.Position{File: p.Config.File, Line: 1, Col: 1},
			Message: fmt.Sprintf("FreeRTOS+TCP %s answers a SYN for a closed port or full backlog with a reset whose ACK number is the client's ISN; lwIP, ESP-IDF and Linux clients ignore it and time out (ECONNABORTED after about 18 s on ESP-IDF) instead of failing with ECONNRESET; fixed in V4.0.0", t.Version)})
	},
}

var lw5215 = &lint.Rule{
	ID: "LW5215", Name: "freertos-unknown-option",
	Title:    "An ipconfig macro is not read by this FreeRTOS+TCP release",
	Severity: lint.Info, Since: "0.1.0",
	Doc: lint.Doc{
		What:   "FreeRTOSIPConfig.h defines an ipconfig name the release's core sources never use: a typo, or a name of another release. It stays silent on the names the release's network-interface drivers, buffer allocators and tools read (Table.TreeNames), on names another definition of the file uses, and on names a C source or header of the project mentions (the project is the nearest directory above the file holding .git, else the working directory); the names of the release's drivers and protocols and of FreeRTOS's demo FTP, HTTP, iperf, NTP and TFTP servers are reported only when the whole project, with its own copy of FreeRTOS+TCP, was scanned and nothing mentions them. The other unread names are listed in one finding.",
		Bad:    "#define ipconfigTCP_MSS_SIZE 1460",
		Good:   "#define ipconfigTCP_MSS 1460",
		Why:    "The setting has no effect; the default is used instead. Network-interface drivers read their own ipconfig names, so a name without a close match is only information.",
		Ignore: "For names your network-interface driver reads.",
	},
	Advice: []string{"embedded/freertos-tcp-renamed-or-removed-macro"},
	Check: func(p *lint.Pass) {
		t := frTable(p)
		if t == nil {
			return
		}
		renamed := map[string]bool{}
		for _, r := range t.Renames {
			renamed[r.Old] = true
		}
		// Names other definitions of the file use (helpers such as a
		// driver's ring sizes summed into ipconfigNUM_NETWORK_BUFFER_DESCRIPTORS)
		// are read.
		helper := map[string]bool{}
		for _, m := range p.Config.UserNames() {
			if o := p.Config.Option(m); o.Defined && sameFile(o.Origin.Pos.File, p.Config.File) {
				for _, id := range identRE().FindAllString(o.Expr, -1) {
					if id != m {
						helper[id] = true
					}
				}
			}
		}
		var cands []string
		for _, n := range p.Config.UserNames() {
			if !strings.HasPrefix(n, "ipconfig") || t.Reads(n) || renamed[n] || helper[n] {
				continue
			}
			cands = append(cands, n)
		}
		if len(cands) == 0 {
			return
		}
		// The project's own sources are the evidence: a name one of them
		// mentions is read there (an application protocol, a driver).
		// The names the release's drivers, protocols and tools read
		// (Table.TreeNames) and those of FreeRTOS's demo servers (FTP,
		// HTTP, iperf, NTP, TFTP) stay silent unless the whole project,
		// with its own copy of the stack, was scanned and nothing there
		// mentions them: that copy is what the project builds.
		scan := projectReads(p.Config.File, cands)
		vendored := scan.Complete && scan.Has["FreeRTOSIPConfigDefaults.h"]
		var unread []string
		for _, n := range cands {
			if scan.Found[n] || (t.InTree(n) || demoOption(n)) && !vendored {
				continue
			}
			if best := closest(n, t.Names); best != "" && !demoOption(n) {
				p.Report(lint.Finding{Pos: pos(p, n), Severity: lint.Warning,
					Message: fmt.Sprintf("%s is not read by the FreeRTOS+TCP %s core sources; did you mean %s?", n, t.Version, best)})
				continue
			}
			unread = append(unread, n)
		}
		// The rest in one finding: each is information only.
		if len(unread) > 0 {
			them := map[bool]string{true: "it", false: "them"}[len(unread) == 1]
			who := "your application or driver may read " + them
			if scan.Complete {
				who = "and no other C source or header of the project mentions " + them
			}
			p.Reportf(unread[:1], "%s not read by the FreeRTOS+TCP %s sources, its network-interface drivers or tools (%s): %s",
				plural(len(unread), "ipconfig name is", "ipconfig names are"), t.Version, who, strings.Join(unread, ", "))
		}
	},
}

// boolOptions are the options V4.1.0 and later accept only as 0 or 1 (the
// Option of their ClassBool checks in the first table that has any).
func boolOptions() []string {
	for _, v := range freertos.Versions() {
		t, err := freertos.Get(v)
		if err != nil {
			continue
		}
		var out []string
		for _, c := range t.Checks {
			if c.Class == freertos.ClassBool && c.Option != "" {
				out = append(out, c.Option)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

var lw5209 = &lint.Rule{
	ID: "LW5209", Name: "freertos-bool-option-half-enabled",
	Title:    "A FreeRTOS+TCP switch is neither 0 nor 1",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What:   "Before V4.1.0 FreeRTOS+TCP tests its switches both as == 1 and as != 0, so a value such as 2 enables some of the feature's code and not the rest.",
		Bad:    "#define ipconfigUSE_DHCP 2",
		Good:   "#define ipconfigUSE_DHCP 1",
		Why:    "Half a feature compiles in; V4.1.0 and later reject the value with \"#error Invalid … configuration\" (FreeRTOSIPConfigDefaults.h).",
		Ignore: "Never.",
	},
	Advice: []string{"embedded/freertos-tcp-boolean-option-not-0-or-1"},
	Check: func(p *lint.Pass) {
		t := frTable(p)
		if t == nil {
			return
		}
		for _, c := range t.Checks {
			if c.Class == freertos.ClassBool {
				return // the build checks them (LW5101)
			}
		}
		for _, n := range boolOptions() {
			if !t.Reads(n) || !p.Config.Option(n).Defined {
				continue
			}
			if v, ok := p.Int(n); ok && v != 0 && v != 1 {
				p.Reportf([]string{n}, "%s: FreeRTOS+TCP %s tests it both as == 1 and != 0, so the feature is only partly enabled; V4.1.0 and later stop with \"#error Invalid %s configuration\"", p.Describe(n), t.Version, n)
			}
		}
	},
}

var lw5211 = &lint.Rule{
	ID: "LW5211", Name: "freertos-byte-order-undefined",
	Title:    "The byte order (ipconfigBYTE_ORDER) is not defined",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What:   "V2.x FreeRTOS+TCP builds without ipconfigBYTE_ORDER and then assumes little-endian.",
		Bad:    "/* no ipconfigBYTE_ORDER */",
		Good:   "#define ipconfigBYTE_ORDER pdFREERTOS_LITTLE_ENDIAN",
		Why:    "On a big-endian CPU every header field is swapped; V3.0.0 and later stop the build instead.",
		Ignore: "On little-endian CPUs, though defining it costs nothing.",
	},
	Advice: []string{"embedded/freertos-tcp-byte-order-undefined"},
	Check: func(p *lint.Pass) {
		t := frTable(p)
		if t == nil || t.Layout != "flat" || p.Config.Option("ipconfigBYTE_ORDER").Defined {
			return
		}
		p.Report(lint.Finding{Pos: lwipopts.Position{File: p.Config.File, Line: 1, Col: 1},
			Message: fmt.Sprintf("ipconfigBYTE_ORDER is not defined: FreeRTOS+TCP %s then builds as little-endian (wrong on a big-endian CPU); V3.0.0 and later stop the build", t.Version)})
	},
}

// definedRE matches a defined operator with its operand.
var definedRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\bdefined\s*(\(\s*[A-Za-z_][A-Za-z0-9_]*\s*\)|[A-Za-z_][A-Za-z0-9_]*)`)
})

// ifValueNames returns the identifiers whose value the #if condition cond
// reads: all but the operands of defined.
func ifValueNames(cond string) []string {
	return identRE().FindAllString(definedRE().ReplaceAllString(cond, " "), -1)
}

// demoPrefixes are the ipconfig names of the application protocols in
// FreeRTOS's own demos, which projects keep in FreeRTOSIPConfig.h: the
// FTP and HTTP servers (FreeRTOS/FreeRTOS,
// FreeRTOS-Plus/Demo/Common/Demo_IP_Protocols, "#if( ipconfigUSE_FTP == 1 )"
// in the server table of the demos' main.c), iperf, NTP and TFTP.
var demoPrefixes = []string{"ipconfigUSE_FTP", "ipconfigUSE_HTTP", "ipconfigFTP_", "ipconfigHTTP_", "ipconfigUSE_IPERF", "ipconfigIPERF_",
	"ipconfigUSE_NTP", "ipconfigNTP_", "ipconfigUSE_TFTP", "ipconfigTFTP_"}

// demoOption reports whether name is one of demoPrefixes'.
func demoOption(name string) bool {
	for _, p := range demoPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// plural picks one or many by n.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

var lw5213 = &lint.Rule{
	ID: "LW5213", Name: "freertos-option-not-evaluable-in-if",
	Title:    "A FreeRTOS+TCP option tested by #if has a value #if cannot evaluate",
	Severity: lint.Error, Since: "0.1.0",
	Doc: lint.Doc{
		What:   "An option FreeRTOS+TCP tests in #if is defined with a cast, sizeof or a function-like macro, such as pdTRUE (( BaseType_t ) 1) or pdMS_TO_TICKS( 10 ).",
		Bad:    "#define ipconfigUSE_DHCP pdTRUE",
		Good:   "#define ipconfigUSE_DHCP 1",
		Why:    "The preprocessor cannot evaluate a cast, so the build fails at the first #if that tests the option (\"missing binary operator\").",
		Ignore: "Never.",
	},
	Advice: []string{"embedded/freertos-tcp-pdtrue-in-preprocessor-conditions"},
	Check: func(p *lint.Pass) {
		t := frChecksTable(p)
		if t == nil {
			return
		}
		// Only names whose value an #if or #elif expression reads count:
		// not the operand of defined() (the #ifndef of each default, the
		// include guards, the renamed-macro checks), and not a
		// STATIC_ASSERT expression, which the compiler evaluates as C.
		tested := map[string]bool{}
		for _, c := range t.Checks {
			for _, u := range ifValueNames(c.If) {
				tested[u] = true
			}
		}
		for _, d := range append(slices.Clone(t.Defaults), t.Outside...) {
			for _, u := range ifValueNames(d.If) {
				tested[u] = true
			}
		}
		for _, n := range p.Config.UserNames() {
			o := p.Config.Option(n)
			// A name #if reads as 0 still compiles; a cast or sizeof does not.
			if !tested[n] || !o.Defined || o.FuncLike || o.Evaluable || o.HasValue {
				continue
			}
			p.Reportf([]string{n}, "%s, which #if cannot evaluate (%s): FreeRTOS+TCP tests it in #if, so the build fails", p.Describe(n), o.Reason)
		}
	},
}

var lw5210 = &lint.Rule{
	ID: "LW5210", Name: "freertos-removed-macro-still-set",
	Title:    "A macro that later FreeRTOS+TCP releases reject is still set",
	Severity: lint.Info, Since: "0.1.0",
	Doc: lint.Doc{
		What:   "FreeRTOSIPConfig.h defines a macro that V4.1.0 and later reject with #error (renamed or removed), while the release in use still accepts or ignores it.",
		Bad:    "#define ipconfigRAND32() rand()",
		Good:   "/* implement xApplicationGetRandomNumber() instead */",
		Why:    "The next upgrade stops the build, and some of these macros already have no effect (FreeRTOSIPDeprecatedDefinitions.h of the newest release).",
		Ignore: "When the project will never upgrade. It is info: the release in use builds, so the setting is upgrade advice, not wrong for the build at hand (the README's severity policy).",
	},
	Advice: []string{"embedded/freertos-tcp-renamed-or-removed-macro"},
	Check: func(p *lint.Pass) {
		t := frTable(p)
		if t == nil {
			return
		}
		var newest *freertos.Table
		vs := freertos.Versions()
		for i := len(vs) - 1; i >= 0 && newest == nil; i-- {
			if nt, err := freertos.Get(vs[i]); err == nil && len(nt.Renames) > 0 {
				newest = nt
			}
		}
		if newest == nil {
			return
		}
		here := map[string]bool{}
		for _, r := range t.Renames {
			here[r.Old] = true
		}
		for _, r := range newest.Renames {
			if here[r.Old] || !p.Config.Option(r.Old).Defined || !p.UserSet(r.Old) {
				continue
			}
			text := ""
			for _, c := range newest.Checks {
				if c.Option == r.Old && c.Kind == freertos.KindError {
					text = c.Text
					break
				}
			}
			// The first release that rejects it (ipconfigRAND32: V4.1.0).
			first := newest.Version
			for _, v := range vs {
				if nt, err := freertos.Get(v); err == nil && slices.ContainsFunc(nt.Renames, func(x freertos.Rename) bool { return x.Old == r.Old }) {
					first = v
					break
				}
			}
			p.Reportf([]string{r.Old}, "%s is defined: FreeRTOS+TCP %s and later stop with \"#error %s\"", r.Old, first, text)
		}
	},
}

var lw5214 = &lint.Rule{
	ID: "LW5214", Name: "freertos-win-seg-count-below-one-socket",
	Title:    "The TCP window segment descriptors do not cover one socket's windows",
	Severity: lint.Info, Since: "0.1.0",
	Doc: lint.Doc{
		What:   "With ipconfigUSE_TCP_WIN 1, ipconfigTCP_WIN_SEG_COUNT descriptors are shared by all sockets; fewer than one socket's receive plus send window (in segments) is certain to run out.",
		Bad:    "#define ipconfigTCP_WIN_SEG_COUNT 2",
		Good:   "#define ipconfigTCP_WIN_SEG_COUNT 64",
		Why:    "When no descriptor is free, segments are not queued and throughput collapses (FreeRTOS_TCP_WIN.c).",
		Ignore: "Never.",
	},
	Advice: []string{"embedded/freertos-tcp-win-seg-count"},
	Check: func(p *lint.Pass) {
		if frTable(p) == nil {
			return
		}
		win, ok1 := p.Int("ipconfigUSE_TCP_WIN")
		n, ok2 := p.Int("ipconfigTCP_WIN_SEG_COUNT")
		mss, ok3 := p.Int("ipconfigTCP_MSS")
		rxb, ok4 := p.Int("ipconfigTCP_RX_BUFFER_LENGTH")
		txb, ok5 := p.Int("ipconfigTCP_TX_BUFFER_LENGTH")
		if !(ok1 && ok2 && ok3 && ok4 && ok5) || win != 1 || mss <= 0 {
			return
		}
		txb = (txb + mss - 1) / mss * mss
		rx, tx := max(1, rxb/2/mss), max(1, txb/2/mss)
		if n < rx+tx {
			p.Reportf([]string{"ipconfigTCP_WIN_SEG_COUNT"}, "%s is fewer than the %d descriptors one socket's windows need (%d receive + %d send segments); the worst case is sockets × their windows",
				p.Describe("ipconfigTCP_WIN_SEG_COUNT"), rx+tx, rx, tx)
		}
	},
}

var lw5216 = &lint.Rule{
	ID: "LW5216", Name: "freertos-time-option-undeclared",
	Title:    "A FreeRTOS+TCP feature is on but its time option has no default in this release",
	Severity: lint.Error, Since: "0.1.0",
	Doc: lint.Doc{
		What:   "Early releases have no default for ipconfigTCP_HANG_PROTECTION_TIME (V2.0.0 to V2.0.3) or ipconfigTCP_KEEP_ALIVE_INTERVAL (to V2.4.0): turning the feature on without defining the time leaves an undeclared identifier.",
		Bad:    "#define ipconfigTCP_HANG_PROTECTION 1",
		Good:   "#define ipconfigTCP_HANG_PROTECTION 1\n#define ipconfigTCP_HANG_PROTECTION_TIME 30",
		Why:    "FreeRTOS_TCP_IP.c does not compile.",
		Ignore: "Never.",
	},
	Advice: []string{"embedded/freertos-tcp-hang-protection-time"},
	Check: func(p *lint.Pass) {
		t := frTable(p)
		if t == nil {
			return
		}
		for feat, timeOpt := range map[string]string{"ipconfigTCP_HANG_PROTECTION": "ipconfigTCP_HANG_PROTECTION_TIME", "ipconfigTCP_KEEP_ALIVE": "ipconfigTCP_KEEP_ALIVE_INTERVAL"} {
			v, ok := p.Int(feat)
			if !ok || v == 0 || p.Config.Option(timeOpt).Defined {
				continue
			}
			if _, has := t.Default(timeOpt); has {
				continue
			}
			p.Reportf([]string{feat}, "%s but %s is not defined: FreeRTOS+TCP %s has no default for it, so FreeRTOS_TCP_IP.c does not compile (undeclared identifier)", p.Describe(feat), timeOpt, t.Version)
		}
	},
}

var lw5217 = &lint.Rule{
	ID: "LW5217", Name: "freertos-check-passed-before-default",
	Title:    "A FreeRTOS+TCP check passes only because it runs before a default",
	Severity: lint.Warning, Since: "0.1.0",
	Doc: lint.Doc{
		What:   "Some checks of FreeRTOSIPConfigDefaults.h come before the defaults they compare with; an option left to its default then reads as 0 there, and the check passes although the final values break it.",
		Bad:    "#define ipconfigEVENT_QUEUE_LENGTH 10 /* ipconfigNUM_NETWORK_BUFFER_DESCRIPTORS left to its default 45 (V2.x) */",
		Good:   "#define ipconfigNUM_NETWORK_BUFFER_DESCRIPTORS 45\n#define ipconfigEVENT_QUEUE_LENGTH ( ipconfigNUM_NETWORK_BUFFER_DESCRIPTORS + 5 )",
		Why:    "The build does not catch the wrong value (FreeRTOSIPConfigDefaults.h, the order of the checks and defaults).",
		Ignore: "Never.",
	},
	Advice: []string{"embedded/freertos-tcp-checks-before-defaults"},
	Check: func(p *lint.Pass) {
		t := frChecksTable(p)
		if t == nil {
			return
		}
		for _, c := range t.Checks {
			if c.Kind != freertos.KindError || len(c.BeforeDefault) == 0 || c.If == "" || filepath.Base(c.File) != "FreeRTOSIPConfigDefaults.h" {
				continue
			}
			// Only value constraints between options, one of them set by the
			// user (the printf checks hold by design after their defaults).
			if slices.ContainsFunc(c.BeforeDefault, func(n string) bool { return !strings.HasPrefix(n, "ipconfig") }) ||
				!slices.ContainsFunc(c.Uses, p.UserSet) {
				continue
			}
			reached := slices.ContainsFunc(p.Config.Errors, func(e lwipopts.Note) bool {
				return e.Pos.Line == c.Line && strings.HasSuffix(e.Pos.File, "FreeRTOSIPConfigDefaults.h")
			})
			if reached || len(missingExternal(p, t, c)) > 0 {
				continue
			}
			if v, err := p.Config.Eval(c.If); err != nil || v.Int == 0 {
				continue
			}
			name := c.Option
			if name == "" || !p.UserSet(name) {
				name = c.BeforeDefault[0]
			}
			p.Reportf([]string{name}, "the check \"%s\" fails with the final values, but FreeRTOS+TCP %s evaluates it before %s get their defaults, so the build does not catch it (%s:%d)",
				c.Text, t.Version, strings.Join(c.BeforeDefault, ", "), c.File, c.Line)
		}
	},
}

// checkOption is the user-set option a check is about: its Option, else the
// first user-set ipconfig name it uses; "" when the user set none.
func checkOption(p *lint.Pass, c freertos.Check) string {
	if c.Option != "" && p.UserSet(c.Option) {
		return c.Option
	}
	for _, u := range c.Uses {
		if strings.HasPrefix(u, "ipconfig") && p.UserSet(u) {
			return u
		}
	}
	return ""
}
