package espidf

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestTablesDecode(t *testing.T) {
	ts, err := loadTables()
	if err != nil {
		t.Fatal(err)
	}
	if got := Versions(); !slices.Equal(got, mirrorTags) {
		t.Errorf("Versions() = %v, want the tags mirror_test.go builds, %v", got, mirrorTags)
	}
	for v, tb := range ts {
		if c := espLwipFor(v); c == nil {
			t.Errorf("%s: no esp-lwip record in data/esp-lwip.yaml", v)
		} else if c.Commit != tb.EspLwip {
			t.Errorf("%s pins esp-lwip %s, data/esp-lwip.yaml says %s", v, tb.EspLwip, c.Commit)
		}
		if tb.SysNow == "" {
			t.Errorf("%s: no sys_now citation", v)
		}
		// Every CONFIG_ name the defines use is a symbol of the table, so
		// that its value is computed rather than assumed.
		for _, list := range [][]define{tb.Defines, tb.Context} {
			for _, d := range list {
				s := d.If + " " + d.Bool
				if d.Value != nil {
					s += " " + *d.Value
				}
				for _, m := range configRef.FindAllStringSubmatch(s, -1) {
					if tb.syms[m[1]] == nil && tb.rename(m[1], "") == nil && m[1] != "LWIP_NUM_NETIF_CLIENT_DATA" {
						t.Errorf("%s %s: CONFIG_%s is not in the table", v, d.At, m[1])
					}
				}
			}
		}
		for _, r := range tb.Renames {
			if tb.syms[r.New] == nil && tb.choices[r.New] == nil {
				t.Errorf("%s: rename %s → %s: no such symbol", v, r.Old, r.New)
			}
		}
	}
}

// TestTablesFacts checks facts of the tables that the reference sheets
// state, so that a regenerated table cannot silently drift from them.
func TestTablesFacts(t *testing.T) {
	type fact struct {
		ver, sym, what, want string
	}
	facts := []fact{
		// freertos-plus-tcp-facts.md §4.2 (v5.1.2).
		{"v5.1.2", "LWIP_TCP_SND_BUF_DEFAULT", "default", "5744"},
		{"v5.1.2", "LWIP_TCP_WND_DEFAULT", "default", "5744"},
		{"v5.1.2", "LWIP_TCP_SND_BUF_DEFAULT", "ranges", "2440..65535 if !LWIP_WND_SCALE; 2440..1024000 if LWIP_WND_SCALE"},
		{"v5.1.2", "LWIP_TCP_MSS", "ranges", "536..1460"},
		{"v5.1.2", "LWIP_TCP_MSS", "at", "components/lwip/Kconfig:550"},
		{"v5.1.2", "LWIP_TCP_SYNMAXRTX", "default", "6 if !LWIP_TCP_HIGH_SPEED_RETRANSMISSION; 12 if LWIP_TCP_HIGH_SPEED_RETRANSMISSION"},
		{"v5.1.2", "LWIP_TCP_SYNMAXRTX", "ranges", "3..12"},
		{"v5.1.2", "LWIP_TCP_RTO_TIME", "default", "3000 if !LWIP_TCP_HIGH_SPEED_RETRANSMISSION; 1500 if LWIP_TCP_HIGH_SPEED_RETRANSMISSION"},
		{"v5.1.2", "LWIP_TCP_RTO_TIME", "ranges", ""},
		{"v5.1.2", "LWIP_WND_SCALE", "depends", "SPIRAM_TRY_ALLOCATE_WIFI_LWIP"},
		{"v5.1.2", "LWIP_TCP_RCV_SCALE", "depends", "LWIP_WND_SCALE"},
		{"v5.1.2", "LWIP_MAX_SOCKETS", "ranges", "1..16"},
		{"v5.1.2", "LWIP_TCP_RECVMBOX_SIZE", "ranges", "6..64 if !LWIP_WND_SCALE; 6..1024 if LWIP_WND_SCALE"},
		{"v5.1.2", "LWIP_TCP_SACK_OUT", "depends", "LWIP_TCP_QUEUE_OOSEQ"},
		// lwip-facts.md §7.2 (v5.1.7).
		{"v5.1.7", "LWIP_TCP_SND_BUF_DEFAULT", "default", "5760"},
		{"v5.1.7", "LWIP_TCP_MAXRTX", "ranges", "3..12"},
		{"v5.1.7", "LWIP_TCP_OOSEQ_TIMEOUT", "ranges", "1..30"},
		{"v5.1.7", "LWIP_TCP_OOSEQ_TIMEOUT", "default", "6"},
		{"v5.1.7", "LWIP_TCP_OOSEQ_MAX_PBUFS", "ranges", "0..12"},
		{"v5.1.7", "LWIP_WND_SCALE", "depends", "SPIRAM_TRY_ALLOCATE_WIFI_LWIP && !SPIRAM_IGNORE_NOTFOUND"},
		{"v5.1.7", "LWIP_MAX_SOCKETS", "ranges", "1..16"},
		{"v5.1.7", "LWIP_TCP_MSS", "at", "components/lwip/Kconfig:580"},
		// v5.5.5 (checked against the Kconfig of the tag).
		{"v5.5.5", "LWIP_MAX_SOCKETS", "ranges", "1..253"},
		{"v5.5.5", "LWIP_TCP_ACCEPTMBOX_SIZE", "ranges", "1..64 if !LWIP_WND_SCALE; 1..255 if LWIP_WND_SCALE"},
		{"v5.5.5", "LWIP_TCP_HIGH_SPEED_RETRANSMISSION", "default", "y"},
		{"v5.5.5", "FREERTOS_HZ", "ranges", "1..1000"},
		{"v5.5.5", "FREERTOS_HZ", "default", "100"},
	}
	for _, f := range facts {
		tb := mustTable(t, f.ver)
		s := tb.syms[f.sym]
		if s == nil {
			t.Errorf("%s: no symbol %s", f.ver, f.sym)
			continue
		}
		var got string
		switch f.what {
		case "default":
			var ds []string
			for _, d := range s.Defaults {
				ds = append(ds, strings.TrimSpace(d.Value+" if "+d.If))
			}
			got = strings.Join(ds, "; ")
			got = strings.ReplaceAll(got, " if ;", ";")
			got = strings.TrimSuffix(got, " if")
		case "ranges":
			var rs []string
			for _, r := range s.Ranges {
				x := r.Min + ".." + r.Max
				if r.If != "" {
					x += " if " + r.If
				}
				rs = append(rs, x)
			}
			got = strings.Join(rs, "; ")
		case "depends":
			got = s.Depends
		case "at":
			got = s.At
		}
		if got != f.want {
			t.Errorf("%s %s %s = %q, want %q", f.ver, f.sym, f.what, got, f.want)
		}
	}
	// Fixed settings of lwipopts.h (lwip-facts.md §7.1).
	for _, v := range Versions() {
		tb := mustTable(t, v)
		for name, want := range map[string]string{"MEM_LIBC_MALLOC": "1", "MEMP_MEM_MALLOC": "1", "MEM_ALIGNMENT": "4", "TCP_LISTEN_BACKLOG": "1", "LWIP_TCP_KEEPALIVE": "1", "LWIP_NETCONN_FULLDUPLEX": "1", "ESP_LWIP": "1"} {
			found := false
			for _, d := range tb.Defines {
				if d.Name == name && d.If == "" && d.Value != nil {
					found = true
					if *d.Value != want {
						t.Errorf("%s: %s is %s, want %s", v, name, *d.Value, want)
					}
				}
			}
			if !found {
				t.Errorf("%s: no unconditional %s", v, name)
			}
		}
	}
}

func TestEspLwipFacts(t *testing.T) {
	want := map[string]map[string]bool{
		"v5.1.2": {"fin-wait-timeout-overridable": true, "ooseq-timeout-overridable": false, "no-backoff-syn-rcvd": false},
		"v5.1.7": {"fin-wait-timeout-overridable": true, "ooseq-timeout-overridable": true, "no-backoff-syn-rcvd": true},
		"v5.5.5": {"fin-wait-timeout-overridable": true, "ooseq-timeout-overridable": true, "no-backoff-syn-rcvd": true},
	}
	for v, facts := range want {
		tr := Translate(nil, Options{Version: v})
		got := map[string]bool{}
		for _, f := range tr.Lwip {
			got[f.ID] = f.Holds
			if f.Source == "" || f.Text == "" {
				t.Errorf("%s %s: no source or text", v, f.ID)
			}
		}
		for id, h := range facts {
			if g, ok := got[id]; !ok || g != h {
				t.Errorf("%s %s = %v (present %v), want %v", v, id, g, ok, h)
			}
		}
	}
	if b := Translate(nil, Options{Version: "5.5.5"}).LwipBase; b != "2.2.0" {
		t.Errorf("5.5.5 lwIP base %q", b)
	}
	if b := Translate(nil, Options{Version: "5.1.2"}).LwipBase; b != "2.1.3" {
		t.Errorf("5.1.2 lwIP base %q", b)
	}
}

// TestDefaultsOnly translates an empty configuration for each version:
// every value is a Kconfig default or fixed, and the TCP defaults are
// those of the reference sheets.
func TestDefaultsOnly(t *testing.T) {
	want := map[string]map[string]string{
		"v5.1.2": {"TCP_SND_BUF": "5744", "TCP_WND": "5744", "TCP_MSS": "1440", "TCP_SYNMAXRTX": "12", "LWIP_TCP_RTO_TIME": "1500", "TCP_MAXRTX": "12", "TCP_TMR_INTERVAL": "250", "TCP_MSL": "60000", "TCP_FIN_WAIT_TIMEOUT": "20000", "MEMP_NUM_NETCONN": "10", "TCP_OVERSIZE": "1440", "DEFAULT_ACCEPTMBOX_SIZE": "6"},
		"v5.1.7": {"TCP_SND_BUF": "5760", "TCP_OOSEQ_TIMEOUT": "6", "TCP_OOSEQ_MAX_PBUFS": "4", "IP_DEFAULT_TTL": "64", "DEFAULT_ACCEPTMBOX_SIZE": "6"},
		"v5.5.5": {"TCP_SND_BUF": "5760", "DEFAULT_ACCEPTMBOX_SIZE": "6", "TCPIP_THREAD_NAME": `"tiT"`, "TCP_SYNMAXRTX": "12"},
	}
	for v, lines := range want {
		tr := Translate(nil, Options{Version: v})
		for name, val := range lines {
			l := tr.Line(name)
			if l == nil {
				t.Errorf("%s: %s missing", v, name)
				continue
			}
			if l.Value != val {
				t.Errorf("%s: %s = %s, want %s", v, name, l.Value, val)
			}
			if l.Origin.Kind == OriginSdkconfig {
				t.Errorf("%s: %s comes from an sdkconfig", v, name)
			}
		}
		for _, l := range tr.Lines {
			if l.HeaderLine == 0 || !strings.Contains(tr.Header, fmt.Sprintf("#define %s %s\n", l.Name, l.Value)) {
				t.Errorf("%s: line %s not in the header", v, l.Name)
			}
			if got := tr.OriginAt(l.HeaderLine); got == nil || got.Name != l.Name {
				t.Errorf("%s: OriginAt(%d) does not give %s", v, l.HeaderLine, l.Name)
			}
			if l.DefineSource == "" || !strings.HasPrefix(l.DefineSource, "esp-idf "+v+" ") {
				t.Errorf("%s: %s: define source %q", v, l.Name, l.DefineSource)
			}
		}
		for _, d := range tr.Diags {
			if d.Severity >= Warning {
				t.Errorf("%s: %s", v, d)
			}
		}
	}
}

// TestTableClosed checks that every symbol a table's Kconfig data names (in
// a depends on, visible if or prompt condition, a default, a range, a
// select or imply, or a choice) is itself in the table, so that no
// visibility or default is unknown because a symbol is missing.
func TestTableClosed(t *testing.T) {
	ts, err := loadTables()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range Versions() {
		targets := []string{"esp32"}
		for _, d := range ts[v].Targets {
			targets = append(targets, d.Target)
		}
		for _, tg := range targets {
			tb := ts[v].forTarget(tg)
			if tg != "esp32" && tb == ts[v] {
				t.Errorf("%s: the table for %s does not compile", v, tg)
			}
			t.Run(v+"/"+tg, func(t *testing.T) {
				check := func(where, expr string) {
					if expr == "" {
						return
					}
					x, err := parseKexpr(expr)
					if err != nil {
						t.Errorf("%s: %q: %v", where, expr, err)
						return
					}
					for _, n := range symbols(x, nil) {
						if tb.syms[n] == nil && !slices.Contains(tb.Undefined, n) && !strings.HasPrefix(n, "IDF_TARGET") {
							t.Errorf("%s names %s, which is not in data/idf-%s.yaml", where, n, v)
						}
					}
				}
				for _, s := range tb.Symbols {
					where := "symbol " + s.Name
					check(where+" depends", s.Depends)
					check(where+" prompt_if", s.PromptIf)
					for _, d := range s.Defaults {
						check(where+" default", d.Value)
						check(where+" default if", d.If)
					}
					for _, r := range s.Ranges {
						check(where+" range", r.Min)
						check(where+" range", r.Max)
						check(where+" range if", r.If)
					}
					for _, e := range append(append([]string{}, s.SelectedBy...), s.ImpliedBy...) {
						check(where+" selected/implied by", e)
					}
					if s.Choice != "" && tb.choices[s.Choice] == nil {
						t.Errorf("%s: choice %s is not in the table", where, s.Choice)
					}
				}
				for _, c := range tb.Choices {
					where := "choice " + c.Name
					check(where+" depends", c.Depends)
					check(where+" prompt_if", c.PromptIf)
					for _, d := range c.Defaults {
						check(where+" default", d.Value)
						check(where+" default if", d.If)
					}
					for _, m := range c.Symbols {
						if tb.syms[m] == nil {
							t.Errorf("%s: member %s is not in the table", where, m)
						}
					}
				}
				t.Logf("%d symbols, %d choices", len(tb.Symbols), len(tb.Choices))
			})
		}
	}
}
