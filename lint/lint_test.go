package lint_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/lwiplint/lwiplint/lint"
	"github.com/lwiplint/lwiplint/lwipopts"
)

func load(t *testing.T, version, text string) *lwipopts.Config {
	t.Helper()
	p := filepath.Join(t.TempDir(), "lwipopts.h")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := lwipopts.Load(p, lwipopts.Params{NoTree: true, LwipVersion: version})
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestSeverityText(t *testing.T) {
	for _, s := range []lint.Severity{lint.Info, lint.Warning, lint.Error} {
		b, err := s.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back lint.Severity
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("%s: round trip gave %v, %v", b, back, err)
		}
	}
	var s lint.Severity
	if err := s.UnmarshalText([]byte("fatal")); err == nil {
		t.Error("unknown severity accepted")
	}
}

func okRule(id, name string) *lint.Rule {
	return &lint.Rule{
		ID: id, Name: name, Title: "A rule", Severity: lint.Warning, Since: "0.1.0",
		Doc:   lint.Doc{What: "w", Bad: "b", Good: "g", Why: "y", Ignore: "i"},
		Check: func(*lint.Pass) {},
	}
}

func TestValidate(t *testing.T) {
	if err := lint.Validate([]*lint.Rule{okRule("LW1001", "a"), okRule("LW9001", "b")}, nil); err != nil {
		t.Fatal(err)
	}
	bad := okRule("LW6001", "Bad_Name")
	bad.Advice = []string{"embedded/lwip-missing"}
	bad.Doc.Why = ""
	err := lint.Validate([]*lint.Rule{okRule("LW1001", "a"), okRule("LW1001", "a"), bad}, func(string) bool { return false })
	if err == nil {
		t.Fatal("Validate accepted a broken rule set")
	}
	for _, want := range []string{"duplicate ID", "duplicate name", "LW6001: ID must match", "kebab-case", "Doc.Why", "not in the knowledge base"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestRunSortsDedupesAndRecovers(t *testing.T) {
	cfg := load(t, "2.1.3", "#define TCP_MSS 1460\n#define TCP_WND 4096\n")
	r1 := okRule("LW1002", "two")
	r1.Check = func(p *lint.Pass) {
		p.Reportf([]string{"TCP_WND"}, "second")
		p.Reportf([]string{"TCP_WND"}, "second")
		p.Reportf([]string{"TCP_MSS"}, "first")
	}
	r0 := okRule("LW1001", "one")
	r0.Check = func(p *lint.Pass) { p.Reportf([]string{"TCP_WND"}, "%s", p.Describe("TCP_WND")) }
	boom := okRule("LW1003", "boom")
	boom.Check = func(p *lint.Pass) { panic("boom") }
	old := okRule("LW1004", "only-2-0")
	old.Versions = []string{"2.0.3"}
	old.Check = func(p *lint.Pass) { p.Reportf(nil, "must not run") }

	if _, ok := cfg.Inputs(); !ok {
		t.Fatal("inputs incomplete before the run")
	}
	got := lint.Run(cfg, []*lint.Rule{r1, r0, boom, old}, lint.Options{Severity: map[string]lint.Severity{"LW1002": lint.Error}})
	// The failed rule makes the result one not to reuse (the result cache).
	if _, ok := cfg.Inputs(); ok {
		t.Error("a rule failed, and the configuration's inputs are still complete")
	}
	type row struct {
		Line     int
		Rule     string
		Severity lint.Severity
		Message  string
	}
	var rows []row
	for _, f := range got {
		rows = append(rows, row{f.Pos.Line, f.Rule, f.Severity, f.Message})
	}
	want := []row{
		{1, "LW1003", lint.Error, "internal error: rule LW1003 failed: boom"}, // column 1
		{1, "LW1002", lint.Error, "first"},                                    // column 9
		{2, "LW1001", lint.Warning, "TCP_WND = 4096 (lwipopts.h:2)"},
		{2, "LW1002", lint.Error, "second"},
	}
	if d := cmp.Diff(want, rows); d != "" {
		t.Errorf("findings (-want +got):\n%s", d)
	}
}

func TestDescribeDefaults(t *testing.T) {
	cfg := load(t, "2.1.3", "#define TCP_MSS 1460\n#define TCP_SND_BUF (8 * TCP_MSS)\n")
	var msgs []string
	r := okRule("LW1001", "x")
	r.Check = func(p *lint.Pass) {
		msgs = append(msgs, p.Describe("TCP_SND_QUEUELEN"), p.Describe("MEMP_NUM_TCP_SEG"))
		pos, name := p.Where("TCP_SND_QUEUELEN")
		msgs = append(msgs, name, p.Rel(pos))
	}
	lint.Run(cfg, []*lint.Rule{r}, lint.Options{})
	want := []string{
		"TCP_SND_QUEUELEN = 32 (default via TCP_SND_BUF, TCP_MSS)",
		"MEMP_NUM_TCP_SEG = 16 (default)",
		"TCP_SND_BUF", "lwipopts.h:2",
	}
	if d := cmp.Diff(want, msgs); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestReplaceValue(t *testing.T) {
	cfg := load(t, "2.1.3", "#define TCP_MSS 1460\n#define  TCP_SND_QUEUELEN   9 /* CubeMX */\n")
	var fix *lint.Fix
	r := okRule("LW1001", "x")
	r.Check = func(p *lint.Pass) { fix = p.ReplaceValue("TCP_SND_QUEUELEN", "(2 * 8)", "m") }
	lint.Run(cfg, []*lint.Rule{r}, lint.Options{})
	if fix == nil || len(fix.Edits) != 1 {
		t.Fatalf("no fix: %+v", fix)
	}
	e := fix.Edits[0]
	data, _ := os.ReadFile(cfg.File)
	if e.Line != 2 || e.OldText != "9" || string(data[e.Start:e.End]) != "9" || e.NewText != "(2 * 8)" {
		t.Errorf("edit %+v", e)
	}
}

func TestTiming(t *testing.T) {
	tests := []struct {
		version, config string
		want            map[string]int64
	}{
		// 6 retries × 6 ticks + 1 = 37 ticks, (18, 18.5] s; 12 → 73 ticks.
		// The timeouts compare with a strict > on whole ticks: one tick
		// more (internal/lwiprun runs lwIP to check every figure).
		{"2.1.3", "", map[string]int64{"syn-give-up": 18500, "time-wait": 120500, "keepalive": 7875500, "fin-wait-2": 20500, "syn-rcvd": 20500}},
		{"2.1.3", "#define TCP_SYNMAXRTX 12\n", map[string]int64{"syn-give-up": 36500}},
		{"2.2.1", "#define TCP_SYNMAXRTX 12\n#define LWIP_TCP_RTO_TIME 1500\n", map[string]int64{"syn-give-up": 18500}},
		{"2.2.1", "#define TCP_SYNMAXRTX 12\n#define LWIP_TCP_RTO_TIME 1500\n#define TCP_TMR_INTERVAL 1000\n", map[string]int64{"syn-give-up": 26000}},
		{"2.2.1", "#define TCP_SYNMAXRTX 0\n", map[string]int64{"syn-give-up": 500}},
		// 6 + 12+24+48+96+192+384+768×5 ticks, +1, × 500 ms.
		{"2.1.3", "", map[string]int64{"data-give-up": 4603 * 500}},
		{"2.1.3", "#define TCP_MSL 5000\n", map[string]int64{"time-wait": 10500}},
		// TCP_MAXRTX 2: the SYN-ACK's retransmissions (6 + 12 ticks, +1)
		// end SYN_RCVD before TCP_SYN_RCVD_TIMEOUT.
		{"2.1.3", "#define TCP_MAXRTX 2\n", map[string]int64{"syn-rcvd": 19 * 500, "data-give-up": 19 * 500}},
		// tcp_slowtmr tests nrtx >= TCP_MAXRTX in every state: a smaller
		// TCP_MAXRTX ends the connect, and 0 removes every PCB on the
		// first tick.
		{"2.1.3", "#define TCP_SYNMAXRTX 8\n#define TCP_MAXRTX 4\n", map[string]int64{"syn-give-up": (4*6 + 1) * 500}},
		{"2.1.3", "#define TCP_MAXRTX 0\n", map[string]int64{"syn-give-up": 500, "keepalive": 500, "fin-wait-2": 500, "syn-rcvd": 500}},
	}
	for _, tt := range tests {
		got := map[string]int64{}
		for _, b := range lint.Timing(load(t, tt.version, tt.config)) {
			if _, ok := tt.want[b.Name]; ok {
				got[b.Name] = b.Millis
			}
			if b.Formula == "" || b.Title == "" {
				t.Errorf("%s: empty formula or title", b.Name)
			}
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("%s %q (-want +got):\n%s", tt.version, tt.config, d)
		}
	}
}

func TestFormatMillis(t *testing.T) {
	// The figures are the ones timing prints for lwIP's defaults: the SYN
	// give-up 18.5 s (37 ticks; the real time is in (18.0, 18.5] s, by when
	// the TCP timer started), TIME_WAIT 120.5 s, the data give-up and the
	// keepalive abort 7875.5 s, plus two that exercise the rounding.
	for ms, want := range map[int64]string{18500: "18.5 s", 1250: "1.25 s", 36000: "36 s", 120000: "2 min 0 s", 120500: "2 min 0.5 s",
		2301500: "38 min 21.5 s", 7875000: "2 h 11 min 15 s", 7875500: "2 h 11 min 15.5 s"} {
		if got := lint.FormatMillis(ms); got != want {
			t.Errorf("FormatMillis(%d) = %q, want %q", ms, got, want)
		}
	}
}
